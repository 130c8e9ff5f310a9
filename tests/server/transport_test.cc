// Transport: clear text only on loopback unless told, TLS and mutual TLS, message
// size limits.
#include "tests/server/security_fixture.h"

namespace prio::server {
namespace {

// --- transport ----------------------------------------------------------------------

TEST(ListenTest, RefusesClearTextBeyondLoopbackUnlessTold) {
  TempDir dir;
  EXPECT_TRUE(IsLoopbackAddress("127.0.0.1:50051"));
  EXPECT_TRUE(IsLoopbackAddress("[::1]:50051"));
  EXPECT_TRUE(IsLoopbackAddress("localhost:50051"));
  EXPECT_FALSE(IsLoopbackAddress("0.0.0.0:50051"));
  EXPECT_FALSE(IsLoopbackAddress("[::]:50051"));
  EXPECT_FALSE(IsLoopbackAddress("10.1.2.3:50051"));
  auto refused = Priod::Start({.data_dir = dir.Sub("db"), .listen = "0.0.0.0:0"});
  EXPECT_THAT(refused, StatusIs(Code::kFailedPrecondition,
                                HasSubstr("refusing to listen on 0.0.0.0:0 without TLS")));
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("db")));  // nothing was opened
  PriodOptions told{.data_dir = dir.Sub("db"), .listen = "0.0.0.0:0"};
  told.insecure_listen = true;
  auto p = Priod::Start(told);
  ASSERT_THAT(p, IsOk());
}

// A CA, a server certificate for localhost/127.0.0.1 and a client certificate, made
// with the openssl command line.
class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string d = dir_.path();
    const std::string script = absl::StrCat(
        "cd ", d, " && set -e && ",
        "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 "
        "-subj /CN=prio-test-ca 2>/dev/null && ",
        "printf 'subjectAltName=DNS:localhost,IP:127.0.0.1' > san.ext && ",
        "openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr "
        "-subj /CN=localhost 2>/dev/null && ",
        "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial "
        "-out server.pem -days 2 -extfile san.ext 2>/dev/null && ",
        "openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr "
        "-subj /CN=prio-client 2>/dev/null && ",
        "openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial "
        "-out client.pem -days 2 2>/dev/null && ",
        "openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other.pem -days 2 "
        "-subj /CN=other-ca 2>/dev/null");
    ASSERT_EQ(std::system(script.c_str()), 0) << "openssl failed";
  }

  std::string Read(const std::string& name) {
    std::ifstream in(dir_.Sub(name));
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  absl::Status WhoAmI(const std::string& address, client::ConnectOptions o) {
    auto stub = v1::Security::NewStub(client::Connect(address, o));
    return Unary(stub.get(), &Security::WhoAmI, v1::WhoAmIRequest(), absl::Seconds(5)).status();
  }

  TempDir dir_;
};

TEST_F(TlsTest, ServesTlsAndRefusesClearTextAndUnknownCas) {
  PriodOptions o{.data_dir = dir_.Sub("db"), .listen = "127.0.0.1:0"};
  o.tls_cert_file = dir_.Sub("server.pem");
  o.tls_key_file = dir_.Sub("server.key");
  auto p = Priod::Start(o);
  ASSERT_THAT(p, IsOk());
  const std::string port = (*p)->address().substr((*p)->address().rfind(':') + 1);
  const std::string token = testing::ReadAdminToken(dir_.Sub("db"));
  EXPECT_THAT(WhoAmI("localhost:" + port, {.bearer_token = token, .tls_ca_pem = Read("ca.pem")}),
              IsOk());
  EXPECT_THAT(WhoAmI("127.0.0.1:" + port, {.bearer_token = token, .tls_ca_pem = Read("ca.pem")}),
              IsOk());
  EXPECT_THAT(WhoAmI("localhost:" + port, {.bearer_token = token}),
              StatusIs(Code::kUnavailable));  // clear text to a TLS port
  EXPECT_THAT(WhoAmI("localhost:" + port, {.bearer_token = token, .tls_ca_pem = Read("other.pem")}),
              StatusIs(Code::kUnavailable));  // a CA that did not sign the server
  // TLS does not replace the token.
  EXPECT_THAT(WhoAmI("localhost:" + port, {.tls_ca_pem = Read("ca.pem")}),
              StatusIs(Code::kUnauthenticated));
}

TEST_F(TlsTest, MutualTlsRequiresAClientCertificateFromTheClientCa) {
  PriodOptions o{.data_dir = dir_.Sub("db"), .listen = "127.0.0.1:0"};
  o.tls_cert_file = dir_.Sub("server.pem");
  o.tls_key_file = dir_.Sub("server.key");
  o.tls_client_ca_file = dir_.Sub("ca.pem");
  auto p = Priod::Start(o);
  ASSERT_THAT(p, IsOk());
  const std::string address = "localhost:" + (*p)->address().substr((*p)->address().rfind(':') + 1);
  const std::string token = testing::ReadAdminToken(dir_.Sub("db"));
  EXPECT_THAT(WhoAmI(address, {.bearer_token = token,
                               .tls_ca_pem = Read("ca.pem"),
                               .tls_cert_pem = Read("client.pem"),
                               .tls_key_pem = Read("client.key")}),
              IsOk());
  EXPECT_THAT(WhoAmI(address, {.bearer_token = token, .tls_ca_pem = Read("ca.pem")}),
              StatusIs(Code::kUnavailable));  // no client certificate
  EXPECT_THAT(WhoAmI(address, {.bearer_token = token,
                               .tls_ca_pem = Read("ca.pem"),
                               .tls_cert_pem = Read("other.pem"),
                               .tls_key_pem = Read("other.key")}),
              StatusIs(Code::kUnavailable));  // signed by another CA
}

TEST_F(SecurityTest, OversizedMessagesAreRefused) {
  v1::CreateTokenRequest huge;
  huge.set_note(std::string(20 << 20, 'x'));  // beyond the 18 MiB receive limit
  const uint64_t head = Head();
  EXPECT_THAT(Unary(SecurityAs(v1::ROLE_ADMIN).get(), &Security::CreateToken, huge),
              StatusIs(Code::kResourceExhausted));
  EXPECT_EQ(Head(), head);
}


}  // namespace
}  // namespace prio::server
