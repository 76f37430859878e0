/* HTTPS through the C ABI: trust through certcentral_client_builder_ca_bundle and SSL_CERT_FILE,
 * each failed check as CERTCENTRAL_STATUS_TLS, and real proxies (proxy.py, mitmproxy).
 * Run by tests/c/run-tls.sh: three TLS emulators (CERTCENTRAL_, CC_WRONG_HOST_, CC_EXPIRED_)
 * and three proxies (CERTCENTRAL_TEST_PROXY_TUNNEL, _AUTH, _INTERCEPT). */
/* setenv and unsetenv. */
#define _POSIX_C_SOURCE 200809L
#include "harness.h"

/* A builder for `base_url` ("127.0.0.1" replaced by `host` when given), the emulator's key, no
 * retries unless asked. */
static certcentral_client_builder *builder_for(const char *base_url, const char *host,
                                               uint32_t max_retries) {
    char url[256];
    const char *at = strstr(base_url, "127.0.0.1");
    if (host != NULL && at != NULL) {
        snprintf(url, sizeof url, "%.*s%s%s", (int)(at - base_url), base_url, host,
                 at + strlen("127.0.0.1"));
    } else {
        snprintf(url, sizeof url, "%s", base_url);
    }
    certcentral_client_builder *b = NULL;
    certcentral_error *err = NULL;
    CHECK_STATUS(certcentral_client_builder_new(&b, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_client_builder_base_url(b, url, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_client_builder_api_key(b, emulator_key(), &err),
                 CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_client_builder_max_retries(b, max_retries, &err),
                 CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_client_builder_backoff_ms(b, 1, 4, &err), CERTCENTRAL_STATUS_OK,
                 &err);
    return b;
}

static certcentral_client *build(certcentral_client_builder *b) {
    certcentral_client *client = NULL;
    certcentral_error *err = NULL;
    CHECK_STATUS(certcentral_client_builder_build(b, &client, &err), CERTCENTRAL_STATUS_OK, &err);
    certcentral_client_builder_free(b);
    return client;
}

static certcentral_client_builder *with_ca(certcentral_client_builder *b, const char *ca) {
    certcentral_error *err = NULL;
    CHECK_STATUS(certcentral_client_builder_ca_bundle(b, ca, &err), CERTCENTRAL_STATUS_OK, &err);
    return b;
}

static certcentral_client_builder *with_proxy(certcentral_client_builder *b, const char *url) {
    certcentral_error *err = NULL;
    CHECK_STATUS(certcentral_client_builder_proxy(b, url, &err), CERTCENTRAL_STATUS_OK, &err);
    return b;
}

/* GET user/me; returns the status, and the error in *err (the caller frees it). */
static certcentral_status get_me(const certcentral_client *client, certcentral_error **err) {
    char *body = NULL;
    certcentral_status st = client ? certcentral_request_json(client, "GET", "user/me", NULL,
                                                              &body, err)
                                   : CERTCENTRAL_STATUS_PANIC;
    certcentral_string_free(body);
    return st;
}

/* One number from the main emulator's stats (0 when absent), read by a fresh trusted client
 * (which adds one TLS handshake of its own). */
static long stat_of(const char *key) {
    certcentral_client *reader =
        build(with_ca(builder_for(emulator_url(), NULL, 0), env_or_die("CERTCENTRAL_CA_BUNDLE")));
    char *stats = reader ? control(reader, "GET", "_emulator/stats", NULL) : NULL;
    char quoted[64];
    snprintf(quoted, sizeof quoted, "\"%s\":", key);
    const char *at = stats ? strstr(stats, quoted) : NULL;
    long value = at ? strtol(at + strlen(quoted), NULL, 10) : 0;
    certcentral_string_free(stats);
    certcentral_client_free(reader);
    return value;
}

static void test_trust_through_ca_bundle(void) {
    const char *ca = env_or_die("CERTCENTRAL_CA_BUNDLE");
    const char *hosts[] = {NULL, "localhost"};
    for (size_t i = 0; i < 2; i++) {
        certcentral_client *client = build(with_ca(builder_for(emulator_url(), hosts[i], 0), ca));
        certcentral_error *err = NULL;
        CHECK_STATUS(get_me(client, &err), CERTCENTRAL_STATUS_OK, &err);
        certcentral_client_free(client);
    }
    /* A bundle that cannot be read, or holds no certificate, fails at construction. */
    const char *bad[] = {"/nonexistent/ca.pem", "tests/c/harness.h"};
    for (size_t i = 0; i < 2; i++) {
        certcentral_client_builder *b = with_ca(builder_for(emulator_url(), NULL, 0), bad[i]);
        certcentral_client *client = NULL;
        certcentral_error *err = NULL;
        CHECK_EQ_STATUS(certcentral_client_builder_build(b, &client, &err),
                        CERTCENTRAL_STATUS_INVALID_ARGUMENT);
        CHECK(client == NULL);
        CHECK_CONTAINS(certcentral_error_message(err), "`ca_bundle`");
        certcentral_error_free(err);
        err = NULL;
        certcentral_client_builder_free(b);
    }
    certcentral_client_builder *b = builder_for(emulator_url(), NULL, 0);
    certcentral_error *err = NULL;
    CHECK_EQ_STATUS(certcentral_client_builder_ca_bundle(b, NULL, &err),
                    CERTCENTRAL_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(certcentral_error_message(err), "`path`");
    certcentral_error_free(err);
    err = NULL;
    CHECK_EQ_STATUS(certcentral_client_builder_proxy(b, NULL, NULL),
                    CERTCENTRAL_STATUS_INVALID_ARGUMENT);
    CHECK_EQ_STATUS(certcentral_client_builder_no_proxy(NULL, NULL),
                    CERTCENTRAL_STATUS_INVALID_ARGUMENT);
    certcentral_client_builder_free(b);
}

static void test_untrusted_issuer(void) {
    long requests = stat_of("GET user/me");
    long before = stat_of("tls_handshakes");
    certcentral_client *client = build(builder_for(emulator_url(), NULL, 2));
    certcentral_error *err = NULL;
    CHECK_EQ_STATUS(get_me(client, &err), CERTCENTRAL_STATUS_TLS);
    CHECK_EQ_STATUS(certcentral_error_status(err), CERTCENTRAL_STATUS_TLS);
    CHECK_CONTAINS(certcentral_error_message(err), "unknown issuer");
    CHECK_CONTAINS(certcentral_error_message(err), "127.0.0.1");
    CHECK_CONTAINS(certcentral_error_message(err), "ca_bundle");
    CHECK_EQ_STR(certcentral_status_name(certcentral_error_status(err)), "tls");
    certcentral_error_free(err);
    err = NULL;
    certcentral_client_free(client);
    /* One handshake of its own (never retried) and one of the stats reader; no request. */
    CHECK_EQ_INT(stat_of("tls_handshakes") - before, 2);
    CHECK_EQ_INT(stat_of("GET user/me"), requests);
}

static void test_wrong_host_and_expired(void) {
    /* The certificate is for "localhost" only, and the client asks for 127.0.0.1. */
    certcentral_client *client = build(with_ca(builder_for(env_or_die("CC_WRONG_HOST_BASE_URL"),
                                                           NULL, 2),
                                               env_or_die("CC_WRONG_HOST_CA_BUNDLE")));
    certcentral_error *err = NULL;
    CHECK_EQ_STATUS(get_me(client, &err), CERTCENTRAL_STATUS_TLS);
    CHECK_CONTAINS(certcentral_error_message(err), "not valid for the name 127.0.0.1");
    CHECK_CONTAINS(certcentral_error_message(err), "localhost");
    certcentral_error_free(err);
    err = NULL;
    certcentral_client_free(client);
    /* The same emulator, by the name its certificate has: no request had reached it. */
    client = build(with_ca(builder_for(env_or_die("CC_WRONG_HOST_BASE_URL"), "localhost", 0),
                           env_or_die("CC_WRONG_HOST_CA_BUNDLE")));
    char *stats = client ? control(client, "GET", "_emulator/stats", NULL) : NULL;
    CHECK_CONTAINS(stats, "\"requests\":{}");
    CHECK_CONTAINS(stats, "\"tls_handshakes\":2");
    certcentral_string_free(stats);
    certcentral_client_free(client);

    client = build(with_ca(builder_for(env_or_die("CC_EXPIRED_BASE_URL"), NULL, 2),
                           env_or_die("CC_EXPIRED_CA_BUNDLE")));
    CHECK_EQ_STATUS(get_me(client, &err), CERTCENTRAL_STATUS_TLS);
    CHECK_CONTAINS(certcentral_error_message(err), "expired on Sat, 02 Jan 2021");
    certcentral_error_free(err);
    err = NULL;
    certcentral_client_free(client);
}

static void test_proxies(void) {
    const char *ca = env_or_die("CERTCENTRAL_CA_BUNDLE");
    const char *tunnel = env_or_die("CERTCENTRAL_TEST_PROXY_TUNNEL");
    certcentral_client *client =
        build(with_proxy(with_ca(builder_for(emulator_url(), "localhost", 0), ca), tunnel));
    certcentral_error *err = NULL;
    CHECK_STATUS(get_me(client, &err), CERTCENTRAL_STATUS_OK, &err);
    certcentral_client_free(client);

    /* The proxy asking for credentials: 407 without them, names the proxy, never the password. */
    const char *auth = env_or_die("CERTCENTRAL_TEST_PROXY_AUTH");
    const char *user = env_or_die("CERTCENTRAL_TEST_PROXY_AUTH_USER");
    const char *password = env_or_die("CERTCENTRAL_TEST_PROXY_AUTH_PASSWORD");
    char with_credentials[256], wrong[256];
    snprintf(with_credentials, sizeof with_credentials, "http://%s:%s@%s", user, password,
             auth + strlen("http://"));
    snprintf(wrong, sizeof wrong, "http://%s:%sx@%s", user, password, auth + strlen("http://"));
    client = build(with_proxy(with_ca(builder_for(emulator_url(), "localhost", 0), ca),
                              with_credentials));
    CHECK_STATUS(get_me(client, &err), CERTCENTRAL_STATUS_OK, &err);
    certcentral_client_free(client);
    const char *refused[] = {auth, wrong};
    for (size_t i = 0; i < 2; i++) {
        client = build(with_proxy(with_ca(builder_for(emulator_url(), "localhost", 2), ca),
                                  refused[i]));
        CHECK_EQ_STATUS(get_me(client, &err), CERTCENTRAL_STATUS_TRANSPORT);
        CHECK_CONTAINS(certcentral_error_message(err), auth);
        CHECK_CONTAINS(certcentral_error_message(err), "407");
        CHECK_NOT_CONTAINS(certcentral_error_message(err), password);
        certcentral_error_free(err);
        err = NULL;
        certcentral_client_free(client);
    }

    /* The company network: a proxy inspecting TLS is refused until its CA is trusted. */
    const char *intercept = env_or_die("CERTCENTRAL_TEST_PROXY_INTERCEPT");
    client = build(with_proxy(with_ca(builder_for(emulator_url(), "localhost", 2), ca), intercept));
    CHECK_EQ_STATUS(get_me(client, &err), CERTCENTRAL_STATUS_TLS);
    CHECK_CONTAINS(certcentral_error_message(err), "unknown issuer");
    CHECK_CONTAINS(certcentral_error_message(err), intercept);
    certcentral_error_free(err);
    err = NULL;
    certcentral_client_free(client);
    client = build(with_ca(with_proxy(with_ca(builder_for(emulator_url(), "localhost", 0), ca),
                                      intercept),
                           env_or_die("CERTCENTRAL_TEST_PROXY_INTERCEPT_CA")));
    CHECK_STATUS(get_me(client, &err), CERTCENTRAL_STATUS_OK, &err);
    certcentral_client_free(client);

    /* no_proxy wins over HTTPS_PROXY; a loopback host never takes the environment's proxy. */
    setenv("HTTPS_PROXY", auth, 1);
    certcentral_client_builder *b = with_ca(builder_for(emulator_url(), "localhost", 0), ca);
    CHECK_STATUS(certcentral_client_builder_no_proxy(b, &err), CERTCENTRAL_STATUS_OK, &err);
    client = build(b);
    CHECK_STATUS(get_me(client, &err), CERTCENTRAL_STATUS_OK, &err);
    certcentral_client_free(client);
    client = build(with_ca(builder_for(emulator_url(), NULL, 0), ca));
    CHECK_STATUS(get_me(client, &err), CERTCENTRAL_STATUS_OK, &err);
    certcentral_client_free(client);
    unsetenv("HTTPS_PROXY");
}

static void test_ssl_cert_file(void) {
    /* Set before any client of this process reads it (no other thread runs now). */
    setenv("SSL_CERT_FILE", env_or_die("CERTCENTRAL_CA_BUNDLE"), 1);
    unsetenv("SSL_CERT_DIR");
    certcentral_client *client = build(builder_for(emulator_url(), NULL, 0));
    certcentral_error *err = NULL;
    CHECK_STATUS(get_me(client, &err), CERTCENTRAL_STATUS_OK, &err);
    certcentral_client_free(client);
    setenv("SSL_CERT_FILE", "/nonexistent/bundle.pem", 1);
    certcentral_client_builder *b = builder_for(emulator_url(), NULL, 0);
    CHECK_EQ_STATUS(certcentral_client_builder_build(b, &client, &err),
                    CERTCENTRAL_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(certcentral_error_message(err), "`SSL_CERT_FILE`");
    certcentral_error_free(err);
    err = NULL;
    certcentral_client_builder_free(b);
}

int main(void) {
    test_trust_through_ca_bundle();
    test_untrusted_issuer();
    test_wrong_host_and_expired();
    test_proxies();
    test_ssl_cert_file();
    return harness_report("test_tls");
}
