// `prio web`: the browser front end, an HTTP server that is a client of priod over
// gRPC (like the CLI: it never touches the store, and can run on its own machine).
#ifndef PRIO_WEB_WEB_SERVER_H_
#define PRIO_WEB_WEB_SERVER_H_

#include <string>

#include "client/store_client.h"

namespace prio::web {

struct WebOptions {
  std::string listen = "127.0.0.1:8080";  // HOST:PORT; port 0 picks a free one
  std::string server;                     // priod's address
  client::ConnectOptions connect;         // TLS to priod (its bearer token is not used)
  std::string tls_cert_file, tls_key_file;  // serve HTTPS with these PEM files (both or none)
  std::string ready_file;  // written with "http(s)://HOST:PORT" once listening
  int threads = 256;       // HTTP workers (each open live view holds one)
};

// Serves until SIGTERM or SIGINT, then returns 0. Returns 2 after a message on stderr
// if it cannot listen (a bad address, the port in use, unreadable TLS files).
int RunWebServer(const WebOptions& options);

}  // namespace prio::web

#endif  // PRIO_WEB_WEB_SERVER_H_
