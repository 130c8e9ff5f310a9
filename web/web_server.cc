#include "web/web_server.h"

#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "httplib.h"
#include "web/exchange.h"
#include "web/session.h"

namespace prio::web {

int RunWebServer(const WebOptions& o) {
  // Signals go to the waiting thread below, not to the HTTP or gRPC workers.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  const size_t colon = o.listen.rfind(':');
  int port = -1;
  if (colon == std::string::npos || !absl::SimpleAtoi(o.listen.substr(colon + 1), &port) || port < 0 ||
      port > 65535) {
    std::cerr << "prio web: --listen " << o.listen << ": expected HOST:PORT\n";
    return 2;
  }
  const std::string host = o.listen.substr(0, colon);
  const bool tls = !o.tls_cert_file.empty();
  std::unique_ptr<httplib::Server> server;
  if (tls) {
    auto ssl = std::make_unique<httplib::SSLServer>(o.tls_cert_file.c_str(), o.tls_key_file.c_str());
    if (!ssl->is_valid()) {
      std::cerr << "prio web: cannot use --web-cert " << o.tls_cert_file << " / --web-key "
                << o.tls_key_file << " (unreadable or not a matching PEM certificate and key)\n";
      return 2;
    }
    server = std::move(ssl);
  } else {
    server = std::make_unique<httplib::Server>();
  }
  const int threads = o.threads;
  server->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server->set_payload_max_length(8 << 20);  // a CSV of every service, with room
  server->set_read_timeout(10);
  server->set_keep_alive_max_count(1000);

  client::ConnectOptions connect = o.connect;
  connect.bearer_token.clear();  // every call carries its session's token
  SessionStore sessions;
  Router router(*server, sessions, client::Connect(o.server, connect), tls);
  AddAssets(*server);
  AddSignInPages(router);
  AddMunicipalityPages(router);
  AddProviderPages(router);
  AddLivePages(router);
  AddAuditPages(router);
  server->set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    SetSecurityHeaders(res);
    res.set_content(absl::StrCat("<!doctype html>\n<html lang=\"de\"><head><meta charset=\"utf-8\"><title>",
                                 res.status, " – prio</title></head><body><main><h1>", res.status,
                                 "</h1><p><a href=\"/\">prio</a></p></main></body></html>"),
                    "text/html; charset=utf-8");
  });

  // httplib listens with a backlog of 5 and SO_REUSEPORT: a burst of browsers (a
  // round's last morning) would overflow it, and a second front end could share the
  // port unnoticed. Take the listening socket here, with SO_REUSEADDR only, and listen
  // again with the system's maximum backlog once it is bound.
  int listening = -1;
  server->set_socket_options([&listening](int sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listening = sock;
  });
  if (port == 0) {
    port = server->bind_to_any_port(host);
  } else if (!server->bind_to_port(host, port)) {
    port = -1;
  }
  if (port > 0 && listening >= 0) ::listen(listening, SOMAXCONN);
  if (port <= 0) {
    std::cerr << "prio web: cannot listen on " << o.listen << "\n";
    return 2;
  }
  const std::string url = absl::StrCat(tls ? "https://" : "http://", host, ":", port);
  if (!o.ready_file.empty()) {
    std::ofstream(o.ready_file + ".tmp") << url << "\n";
    std::rename((o.ready_file + ".tmp").c_str(), o.ready_file.c_str());
  }
  std::cerr << "prio web: serving " << url << " (priod at " << o.server << ")\n";
  std::thread stopper([&server, signals] {
    int sig = 0;
    sigwait(&signals, &sig);
    std::cerr << "prio web: stopping (signal " << sig << ")\n";
    server->stop();
  });
  server->listen_after_bind();
  if (stopper.joinable()) {
    // listen ended on its own (not by a signal): wake the stopper.
    pthread_kill(stopper.native_handle(), SIGTERM);
    stopper.join();
  }
  return 0;
}

}  // namespace prio::web
