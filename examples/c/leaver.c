/* Offboards a leaver through the C ABI: finds the user by email, revokes every API key they
 * have, then deletes the user, saying what it did at each step. Build it with
 *
 *     cc -std=c11 leaver.c -o leaver $(pkg-config --cflags --libs certcentral)
 *
 * and run it as `leaver EMAIL` with CERTCENTRAL_BASE_URL and DIGICERT_API_KEY set. The emulator
 * starts empty, so `make demo` runs `leaver --demo-setup EMAIL`, which first adds a user with
 * that email and two API keys for it to remove. Exits 0 when the user is gone, 1 with the error
 * on any failure (nothing after the failed step is done), 2 on a usage error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <certcentral.h>

/* Prints a failure with every detail the error carries, frees it, and exits. */
static void fail(const char *what, certcentral_error *err) {
    fprintf(stderr, "leaver: %s failed (%s, HTTP %u): %s\n", what,
            certcentral_status_name((int)certcentral_error_status(err)),
            (unsigned)certcentral_error_http_status(err), certcentral_error_message(err));
    for (size_t i = 0; i < certcentral_error_api_errors_len(err); i++) {
        fprintf(stderr, "  %s: %s\n", certcentral_error_api_error_code(err, i),
                certcentral_error_api_error_message(err, i));
    }
    certcentral_error_clear(&err);
    exit(1);
}

/* For the demo: a user with this email and two API keys (the keys themselves are not kept). */
static void demo_setup(const certcentral_client *client, const char *email) {
    certcentral_error *err = NULL;
    int64_t standard_user[] = {5};
    certcentral_add_user_request user = {0};
    user.username = email;
    user.first_name = "Lee";
    user.last_name = "Ver";
    user.email = email;
    user.access_role_ids = standard_user;
    user.access_role_ids_len = 1;
    int64_t user_id = 0;
    if (certcentral_add_user(client, &user, &user_id, &err) != CERTCENTRAL_STATUS_OK) {
        fail("add_user", err);
    }
    const char *names[] = {"laptop", "ci pipeline"};
    for (size_t i = 0; i < 2; i++) {
        certcentral_create_api_key_request key = {0};
        key.name = names[i];
        certcentral_api_key *made = NULL;
        if (certcentral_create_api_key(client, user_id, &key, &made, &err) !=
            CERTCENTRAL_STATUS_OK) {
            fail("create_api_key", err);
        }
        certcentral_api_key_free(made); /* wipes the key from memory */
    }
    printf("leaver: demo setup: user %lld (%s) with 2 API keys\n", (long long)user_id, email);
}

/* The id of the one user whose email is exactly `email`; exits when there is none or more than
 * one (an offboarding must not guess). */
static int64_t find_user(const certcentral_client *client, const char *email) {
    certcentral_error *err = NULL;
    certcentral_list_users_query query = {0};
    query.list.search = email; /* no leading %: an exact match on username, names or email */
    certcentral_iter *iter = NULL;
    if (certcentral_iter_users(client, &query, &iter, &err) != CERTCENTRAL_STATUS_OK) {
        fail("iter_users", err);
    }
    int64_t found = 0;
    int matches = 0;
    const void *record = NULL;
    while (certcentral_iter_next(iter, &record, &err) == CERTCENTRAL_STATUS_OK && record != NULL) {
        const certcentral_user_details *each = record;
        if (each->email != NULL && strcmp(each->email, email) == 0) {
            found = each->id;
            matches++;
            printf("leaver: found user %lld (%s %s, username %s)\n", (long long)each->id,
                   each->first_name ? each->first_name : "", each->last_name ? each->last_name : "",
                   each->username ? each->username : "?");
        }
    }
    certcentral_iter_free(iter);
    if (err != NULL) {
        fail("iter_next (users)", err);
    }
    if (matches != 1) {
        fprintf(stderr, "leaver: %d users have the email %s; nothing was changed\n", matches,
                email);
        exit(1);
    }
    return found;
}

/* Revokes every active API key of the user; returns how many it revoked. The keys are listed
 * first and revoked after, so the listing is not read while it changes. */
static size_t revoke_keys(const certcentral_client *client, int64_t user_id) {
    certcentral_error *err = NULL;
    certcentral_list_api_keys_query query = {0};
    query.user_id = user_id;
    certcentral_iter *iter = NULL;
    if (certcentral_iter_api_keys(client, &query, &iter, &err) != CERTCENTRAL_STATUS_OK) {
        fail("iter_api_keys", err);
    }
    int64_t *active = NULL;
    size_t active_len = 0, capacity = 0;
    const void *record = NULL;
    while (certcentral_iter_next(iter, &record, &err) == CERTCENTRAL_STATUS_OK && record != NULL) {
        const certcentral_api_key_details *key = record;
        const char *status = key->status ? key->status : "unknown";
        printf("leaver: API key %lld (%s): %s\n", (long long)key->id,
               key->name ? key->name : "unnamed", status);
        if (strcmp(status, "revoked") == 0) {
            continue;
        }
        if (active_len == capacity) {
            capacity = capacity ? 2 * capacity : 8;
            int64_t *grown = realloc(active, capacity * sizeof *active);
            if (grown == NULL) {
                fprintf(stderr, "leaver: out of memory\n");
                exit(1);
            }
            active = grown;
        }
        active[active_len++] = key->id;
    }
    certcentral_iter_free(iter);
    if (err != NULL) {
        free(active);
        fail("iter_next (API keys)", err);
    }
    for (size_t i = 0; i < active_len; i++) {
        if (certcentral_revoke_api_key(client, active[i], &err) != CERTCENTRAL_STATUS_OK) {
            free(active);
            fail("revoke_api_key", err);
        }
        printf("leaver: revoked API key %lld\n", (long long)active[i]);
    }
    free(active);
    return active_len;
}

int main(int argc, char **argv) {
    int setup = argc == 3 && strcmp(argv[1], "--demo-setup") == 0;
    if (argc != 2 + setup || argv[argc - 1][0] == '-') {
        fprintf(stderr, "usage: leaver [--demo-setup] EMAIL\n");
        return 2;
    }
    const char *email = argv[argc - 1];
    const char *base_url = getenv("CERTCENTRAL_BASE_URL");
    if (base_url == NULL) {
        fprintf(stderr, "set CERTCENTRAL_BASE_URL (and DIGICERT_API_KEY); `make demo` does both\n");
        return 2;
    }
    certcentral_error *err = NULL;
    certcentral_client *client = NULL;
    /* A NULL key means: read DIGICERT_API_KEY. */
    if (certcentral_client_new(NULL, base_url, &client, &err) != CERTCENTRAL_STATUS_OK) {
        fail("client", err);
    }
    if (setup) {
        demo_setup(client, email);
    }

    int64_t user_id = find_user(client, email);
    size_t revoked = revoke_keys(client, user_id);
    if (certcentral_delete_user(client, user_id, &err) != CERTCENTRAL_STATUS_OK) {
        fail("delete_user", err);
    }
    printf("leaver: deleted user %lld after revoking %zu API keys\n", (long long)user_id, revoked);
    certcentral_client_free(client);
    return 0;
}
