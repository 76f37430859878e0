/* A small test harness for the C suite: checks that count failures instead of aborting, and
 * helpers to reach the emulator that scripts/with-emulator.sh started. */
#ifndef CERTCENTRAL_TEST_HARNESS_H
#define CERTCENTRAL_TEST_HARNESS_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certcentral.h"

static int harness_failures = 0;
static int harness_checks = 0;

#define CHECK(cond)                                                                  \
    do {                                                                             \
        harness_checks++;                                                            \
        if (!(cond)) {                                                               \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
            harness_failures++;                                                      \
        }                                                                            \
    } while (0)

/* The checks below print the values, not only the expression, so that a CI log is enough to see
 * what went wrong. */

/* Compares two integers with `op` (==, !=, <, >, ...), e.g. CHECK_INT(id, >, 0); each side is
 * evaluated once. */
#define CHECK_INT(actual, op, expected)                                                  \
    do {                                                                                 \
        intmax_t actual_ = (intmax_t)(actual), expected_ = (intmax_t)(expected);          \
        check_int(__FILE__, __LINE__, #actual " " #op " " #expected, actual_ op expected_, \
                  actual_, expected_);                                                   \
    } while (0)
#define CHECK_EQ_INT(actual, expected) CHECK_INT(actual, ==, expected)

/* Two strings are equal; either may be NULL (then both must be). */
#define CHECK_EQ_STR(actual, expected) \
    check_eq_str(__FILE__, __LINE__, #actual, (actual), (expected))

/* `text` contains (or does not contain) `part`; a NULL `text` contains nothing. */
#define CHECK_CONTAINS(text, part) check_contains(__FILE__, __LINE__, #text, (text), (part), 1)
#define CHECK_NOT_CONTAINS(text, part) \
    check_contains(__FILE__, __LINE__, #text, (text), (part), 0)

/* A pointer is not NULL; the value is the verdict, to guard checks that dereference it:
 * `if (CHECK_NOT_NULL(page)) { ... }`. */
#define CHECK_NOT_NULL(ptr) check_true(__FILE__, __LINE__, #ptr " != NULL", (ptr) != NULL)

/* A status equals the expected one; both are printed by name. */
#define CHECK_EQ_STATUS(actual, expected) \
    check_eq_status(__FILE__, __LINE__, #actual, (actual), (expected))

static inline int check_true(const char *file, int line, const char *expr, int holds) {
    harness_checks++;
    if (!holds) {
        fprintf(stderr, "%s:%d: CHECK failed: %s\n", file, line, expr);
        harness_failures++;
    }
    return holds;
}

static inline void check_int(const char *file, int line, const char *expr, int holds,
                             intmax_t actual, intmax_t expected) {
    harness_checks++;
    if (!holds) {
        fprintf(stderr, "%s:%d: CHECK failed: %s (actual %jd, expected %jd)\n", file, line, expr,
                actual, expected);
        harness_failures++;
    }
}

/* A string in quotes, or NULL. */
static inline void harness_print_str(const char *text) {
    if (text != NULL) {
        fprintf(stderr, "\"%s\"", text);
    } else {
        fputs("NULL", stderr);
    }
}

static inline void check_eq_str(const char *file, int line, const char *expr, const char *actual,
                                const char *expected) {
    harness_checks++;
    int equal = (actual == NULL || expected == NULL) ? actual == expected
                                                     : strcmp(actual, expected) == 0;
    if (!equal) {
        fprintf(stderr, "%s:%d: CHECK failed: %s is ", file, line, expr);
        harness_print_str(actual);
        fputs(", expected ", stderr);
        harness_print_str(expected);
        fputc('\n', stderr);
        harness_failures++;
    }
}

static inline void check_contains(const char *file, int line, const char *expr, const char *text,
                                  const char *part, int wanted) {
    harness_checks++;
    int found = text != NULL && part != NULL && strstr(text, part) != NULL;
    if (found != wanted) {
        fprintf(stderr, "%s:%d: CHECK failed: %s is ", file, line, expr);
        harness_print_str(text);
        fputs(wanted ? ", expected it to contain " : ", expected it not to contain ", stderr);
        harness_print_str(part);
        fputc('\n', stderr);
        harness_failures++;
    }
}

static inline void check_eq_status(const char *file, int line, const char *expr,
                                   certcentral_status actual, certcentral_status expected) {
    harness_checks++;
    if (actual != expected) {
        fprintf(stderr, "%s:%d: CHECK failed: %s is %s (%d), expected %s (%d)\n", file, line, expr,
                certcentral_status_name((int)actual), (int)actual,
                certcentral_status_name((int)expected), (int)expected);
        harness_failures++;
    }
}

/* Checks a status; on a mismatch prints both by name and the error's message. Frees *err (if
 * any) and sets it to NULL. */
#define CHECK_STATUS(status, expected, err) \
    check_status(__FILE__, __LINE__, (status), (expected), (err))

static inline void check_status(const char *file, int line, certcentral_status got,
                         certcentral_status expected, certcentral_error **err) {
    harness_checks++;
    if (got != expected) {
        fprintf(stderr, "%s:%d: status %s, expected %s: %s\n", file, line,
                certcentral_status_name((int)got), certcentral_status_name((int)expected),
                err && *err ? certcentral_error_message(*err) : "(no error object)");
        harness_failures++;
    }
    if (err) {
        certcentral_error_free(*err);
        *err = NULL;
    }
}

/* True when `text` contains `part` (NULL-safe). */
static inline int contains(const char *text, const char *part) {
    return text != NULL && part != NULL && strstr(text, part) != NULL;
}

static inline const char *env_or_die(const char *name) {
    const char *value = getenv(name);
    if (value == NULL || value[0] == '\0') {
        fprintf(stderr, "%s is not set: run this through scripts/with-emulator.sh\n", name);
        exit(2);
    }
    return value;
}

static inline const char *emulator_url(void) { return env_or_die("CERTCENTRAL_BASE_URL"); }
static inline const char *emulator_key(void) { return env_or_die("DIGICERT_API_KEY"); }

/* A client for the emulator with fast retries; `timeout_ms` 0 keeps the default. */
static inline certcentral_client *test_client(const char *api_key, uint32_t max_retries,
                                       uint64_t timeout_ms) {
    certcentral_client_builder *builder = NULL;
    certcentral_client *client = NULL;
    certcentral_error *err = NULL;
    CHECK_STATUS(certcentral_client_builder_new(&builder, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_client_builder_base_url(builder, emulator_url(), &err),
                 CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_client_builder_api_key(builder, api_key ? api_key : emulator_key(), &err),
                 CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_client_builder_max_retries(builder, max_retries, &err),
                 CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_client_builder_backoff_ms(builder, 1, 4, &err),
                 CERTCENTRAL_STATUS_OK, &err);
    if (timeout_ms > 0) {
        CHECK_STATUS(certcentral_client_builder_timeout_ms(builder, timeout_ms, &err),
                     CERTCENTRAL_STATUS_OK, &err);
    }
    CHECK_STATUS(certcentral_client_builder_build(builder, &client, &err), CERTCENTRAL_STATUS_OK,
                 &err);
    certcentral_client_builder_free(builder);
    if (client == NULL) {
        fprintf(stderr, "cannot build a client for %s\n", emulator_url());
        exit(1);
    }
    return client;
}

/* Calls one of the emulator's control routes (under _emulator/); returns the response JSON
 * (free with certcentral_string_free). */
static inline char *control(const certcentral_client *client, const char *method, const char *path,
                     const char *body) {
    char *response = NULL;
    certcentral_error *err = NULL;
    CHECK_STATUS(certcentral_request_json(client, method, path, body, &response, &err),
                 CERTCENTRAL_STATUS_OK, &err);
    return response;
}

static inline void control_discard(const certcentral_client *client, const char *method,
                            const char *path, const char *body) {
    certcentral_string_free(control(client, method, path, body));
}

static inline int harness_report(const char *suite) {
    if (harness_failures > 0) {
        fprintf(stderr, "%s: %d of %d checks FAILED\n", suite, harness_failures, harness_checks);
        return 1;
    }
    printf("%s: all %d checks passed\n", suite, harness_checks);
    return 0;
}

#endif
