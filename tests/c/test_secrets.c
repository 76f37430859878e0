/* One-time keys leave no copy behind (issue 17.8). After a managed subaccount, a service user
 * and a second API key are created through the C ABI, a scan of every writable mapping of the
 * process finds each key only in its result while the result is held (`api_key` and
 * `raw_json`), and nowhere once the result is freed: not in the response buffers, the
 * connection's buffers, the decoder's copies or freed memory. Run natively: valgrind and ASan
 * keep memory of their own that a scan would read. */
/* pread and explicit_bzero, outside strict C11. */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <unistd.h>

#include "harness.h"

/* The key being looked for, each byte inverted: the test itself must hold no copy of it. */
static unsigned char inverted_key[256];
static size_t key_len;

enum { CHUNK = 1 << 20 };
static unsigned char *chunk;

static void remember_key(const char *key) {
    key_len = strlen(key);
    if (key_len == 0 || key_len > sizeof inverted_key) {
        fprintf(stderr, "unexpected key length %zu\n", key_len);
        exit(1);
    }
    for (size_t i = 0; i < key_len; i++) {
        inverted_key[i] = (unsigned char)~(unsigned char)key[i];
    }
}

static size_t matches_in(const unsigned char *bytes, size_t starts) {
    size_t found = 0;
    for (size_t i = 0; i < starts; i++) {
        size_t j = 0;
        while (j < key_len && bytes[i + j] == (unsigned char)~inverted_key[j]) {
            j++;
        }
        found += j == key_len;
    }
    return found;
}

/* Copies of the key in the process's readable and writable private mappings (heap, stacks,
 * data), read through /proc/self/mem so that an unreadable page ends a region, not the test. */
static size_t copies_of_key(void) {
    FILE *maps = fopen("/proc/self/maps", "r");
    int mem = open("/proc/self/mem", O_RDONLY);
    if (maps == NULL || mem < 0) {
        perror("/proc/self");
        exit(1);
    }
    size_t found = 0;
    char line[512];
    while (fgets(line, sizeof line, maps) != NULL) {
        unsigned long start = 0, end = 0;
        char perms[5] = {0};
        if (sscanf(line, "%lx-%lx %4s", &start, &end, perms) != 3 || perms[0] != 'r' ||
            perms[1] != 'w') {
            continue;
        }
        for (unsigned long at = start; at < end; at += CHUNK) {
            /* Each read overlaps the next by key_len - 1 bytes, so no match is cut in two. */
            size_t want = end - at < CHUNK + key_len - 1 ? end - at : CHUNK + key_len - 1;
            ssize_t got = pread(mem, chunk, want, (off_t)at);
            if (got < (ssize_t)key_len) {
                break;
            }
            size_t starts = (size_t)got - key_len + 1;
            found += matches_in(chunk, starts < CHUNK ? starts : CHUNK);
            /* The buffer is itself scanned when its region comes up: leave nothing in it. */
            explicit_bzero(chunk, (size_t)got);
        }
    }
    close(mem);
    fclose(maps);
    return found;
}

static certcentral_create_subaccount_request managed_subaccount(void) {
    certcentral_create_subaccount_request request = {0};
    request.account_type = "managed";
    request.user.first_name = "Ada";
    request.user.last_name = "Lovelace";
    request.user.email = "ada@secrets.example";
    request.organization.name = "Secrets Ltd";
    request.organization.address = "1 Vault Way";
    request.organization.zip = "10001";
    request.organization.city = "London";
    request.organization.state = "ldn";
    request.organization.country = "GB";
    return request;
}

static void test_subaccount_key(certcentral_client *client) {
    certcentral_error *err = NULL;
    certcentral_subaccount *sub = NULL;
    certcentral_create_subaccount_request request = managed_subaccount();
    CHECK_STATUS(certcentral_create_subaccount(client, &request, &sub, &err), CERTCENTRAL_STATUS_OK,
                 &err);
    if (!CHECK_NOT_NULL(sub) || !CHECK_NOT_NULL(sub->api_key)) {
        return;
    }
    remember_key(sub->api_key);
    /* The result's own two: `api_key` and the key inside `raw_json`. */
    CHECK_EQ_INT(copies_of_key(), 2);
    certcentral_subaccount_free(sub);
    CHECK_EQ_INT(copies_of_key(), 0);
}

static void test_service_user_keys(certcentral_client *client) {
    certcentral_error *err = NULL;
    certcentral_service_user *robot = NULL;
    certcentral_add_service_user_request request = {0};
    request.email = "robot@secrets.example";
    request.api_name = "deploy";
    CHECK_STATUS(certcentral_add_service_user(client, &request, &robot, &err),
                 CERTCENTRAL_STATUS_OK, &err);
    if (!CHECK_NOT_NULL(robot) || !CHECK_NOT_NULL(robot->api_key)) {
        return;
    }
    int64_t robot_id = robot->id;
    remember_key(robot->api_key);
    CHECK_EQ_INT(copies_of_key(), 2);
    certcentral_service_user_free(robot);
    CHECK_EQ_INT(copies_of_key(), 0);

    certcentral_api_key *key = NULL;
    certcentral_create_api_key_request key_request = {0};
    key_request.name = "second";
    CHECK_STATUS(certcentral_create_api_key(client, robot_id, &key_request, &key, &err),
                 CERTCENTRAL_STATUS_OK, &err);
    if (!CHECK_NOT_NULL(key) || !CHECK_NOT_NULL(key->api_key)) {
        return;
    }
    remember_key(key->api_key);
    CHECK_EQ_INT(copies_of_key(), 2);
    certcentral_api_key_free(key);
    CHECK_EQ_INT(copies_of_key(), 0);
}

int main(void) {
    chunk = malloc(CHUNK + sizeof inverted_key);
    if (chunk == NULL) {
        return 1;
    }
    certcentral_client *client = test_client(NULL, 0, 0);
    test_subaccount_key(client);
    test_service_user_keys(client);
    /* A read after the creations: the pooled connection serves on, and nothing reappears. */
    char *me = control(client, "GET", "user/me", NULL);
    certcentral_string_free(me);
    CHECK_EQ_INT(copies_of_key(), 0);
    certcentral_client_free(client);
    CHECK_EQ_INT(copies_of_key(), 0);
    free(chunk);
    return harness_report("test_secrets");
}
