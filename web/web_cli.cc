#include "web/web_cli.h"

#include <memory>

#include "web/web_server.h"

namespace prio::web {

void AddWebCommand(CLI::App& app, client::Cli& cli) {
  auto o = std::make_shared<WebOptions>();
  CLI::App* web = app.add_subcommand("web", "serve the browser front end (a client of priod)");
  web->footer(
      "Municipalities answer the questionnaire and cast their ballot; provider staff see\n"
      "ranking, plan and response live; auditors ask for proofs. Sign in with a prio token.\n"
      "Example:\n  PRIO_SERVER=127.0.0.1:50051 prio web --listen 127.0.0.1:8080");
  web->add_option("--listen", o->listen, "HOST:PORT to serve (port 0: any free one)")
      ->capture_default_str();
  web->add_option("--threads", o->threads, "HTTP workers; each open live view holds one")
      ->check(CLI::Range(4, 4096))
      ->capture_default_str();
  web->add_option("--ready-file", o->ready_file, "write the URL here once listening");
  auto* cert = web->add_option("--web-cert", o->tls_cert_file, "serve HTTPS with this PEM certificate")
                   ->check(CLI::ExistingFile);
  auto* key = web->add_option("--web-key", o->tls_key_file, "the key of --web-cert (PEM)")
                  ->check(CLI::ExistingFile);
  cert->needs(key);
  key->needs(cert);
  web->callback([&cli, o] {
    cli.run = [&cli, o] {
      WebOptions options = *o;
      options.server = cli.server;
      options.connect = cli.connect;
      return RunWebServer(options);
    };
  });
}

}  // namespace prio::web
