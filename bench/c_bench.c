/* The benchmark's three calls through the C ABI. Prints, for each, the median nanoseconds per
 * call and the fastest and slowest repeat:
 *
 *     c_bench BASE_URL API_KEY COUNT REPEATS
 *     small_list MEDIAN MIN MAX
 *     full_page  MEDIAN MIN MAX
 *     create_organization MEDIAN MIN MAX */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "certcentral.h"

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static int compare(const void *a, const void *b) {
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

static certcentral_client *client;

static void list(uint32_t limit) {
    certcentral_list_invites_query query = {0};
    query.limit = limit;
    certcentral_invite_page *page = NULL;
    certcentral_error *err = NULL;
    if (certcentral_list_invites(client, &query, &page, &err) != CERTCENTRAL_STATUS_OK) {
        fprintf(stderr, "%s\n", certcentral_error_message(err));
        exit(1);
    }
    certcentral_invite_page_free(page);
}

static void small_list(void) { list(10); }
static void full_page(void) { list(1000); }

static void create_organization(void) {
    certcentral_create_organization_request org = {0};
    org.name = "Bench Industries";
    org.address = "1 Loop Road";
    org.city = "Lehi";
    org.state = "ut";
    org.zip = "84043";
    org.country = "us";
    org.telephone = "801-555-0100";
    org.organization_contact.first_name = "Ben";
    org.organization_contact.last_name = "Mark";
    org.organization_contact.email = "ben@bench.test";
    org.organization_contact.telephone = "801-555-0101";
    org.skip_duplicate_org_check = CERTCENTRAL_OPTIONAL_BOOL_TRUE;
    int64_t id = 0;
    certcentral_error *err = NULL;
    if (certcentral_create_organization(client, &org, &id, &err) != CERTCENTRAL_STATUS_OK) {
        fprintf(stderr, "%s\n", certcentral_error_message(err));
        exit(1);
    }
}

static void measure(const char *name, void (*call)(void), int count, int repeats) {
    for (int i = 0; i < count / 10 + 1; i++) call();
    long long *per_call = calloc((size_t)repeats, sizeof *per_call);
    for (int r = 0; r < repeats; r++) {
        long long start = now_ns();
        for (int i = 0; i < count; i++) call();
        per_call[r] = (now_ns() - start) / count;
    }
    qsort(per_call, (size_t)repeats, sizeof *per_call, compare);
    printf("%s %lld %lld %lld\n", name, per_call[repeats / 2], per_call[0], per_call[repeats - 1]);
    free(per_call);
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: c_bench BASE_URL API_KEY COUNT REPEATS\n");
        return 2;
    }
    certcentral_error *err = NULL;
    if (certcentral_client_new(argv[2], argv[1], &client, &err) != CERTCENTRAL_STATUS_OK) {
        fprintf(stderr, "%s\n", certcentral_error_message(err));
        return 1;
    }
    int count = atoi(argv[3]), repeats = atoi(argv[4]);
    measure("small_list", small_list, count, repeats);
    measure("full_page", full_page, count / 10 + 1, repeats);
    measure("create_organization", create_organization, count, repeats);
    certcentral_client_free(client);
    return 0;
}
