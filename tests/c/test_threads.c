/* Many threads share one client: every call succeeds and every invite is created exactly once. */
#include <pthread.h>

#include "harness.h"

#define THREADS 8
#define INVITES_PER_THREAD 25

static certcentral_client *shared;

static void *worker(void *arg) {
    int thread = (int)(intptr_t)arg;
    int failures = 0;
    for (int i = 0; i < INVITES_PER_THREAD; i++) {
        char email[64];
        snprintf(email, sizeof email, "thread%d-%d@example.com", thread, i);
        const char *emails[] = {email};
        certcentral_send_invite_request request = {0};
        request.emails = emails;
        request.emails_len = 1;
        request.subaccount_type = "retail";
        certcentral_error *err = NULL;
        if (certcentral_send_invite(shared, &request, &err) != CERTCENTRAL_STATUS_OK) {
            fprintf(stderr, "thread %d: %s\n", thread, certcentral_error_message(err));
            failures++;
        }
        certcentral_error_clear(&err);
        err = NULL;

        certcentral_list_invites_query query = {0};
        query.email = email;
        certcentral_invite_page *page = NULL;
        certcentral_status st = certcentral_list_invites(shared, &query, &page, &err);
        if (st != CERTCENTRAL_STATUS_OK) {
            fprintf(stderr, "thread %d: listing %s: %s: %s\n", thread, email,
                    certcentral_status_name((int)st), certcentral_error_message(err));
            failures++;
        } else {
            const char *found = page->invites_len > 0 ? page->invites[0].email : NULL;
            if (page->invites_len != 1 || found == NULL || strcmp(found, email) != 0) {
                fprintf(stderr, "thread %d: listing %s found %zu invite(s), the first \"%s\"\n",
                        thread, email, page->invites_len, found ? found : "(none)");
                failures++;
            }
        }
        certcentral_error_clear(&err);
        certcentral_invite_page_free(page);
    }
    return (void *)(intptr_t)failures;
}

int main(void) {
    shared = test_client(NULL, 2, 0);
    pthread_t threads[THREADS];
    for (int t = 0; t < THREADS; t++) {
        CHECK_EQ_INT(pthread_create(&threads[t], NULL, worker, (void *)(intptr_t)t), 0);
    }
    for (int t = 0; t < THREADS; t++) {
        void *failures = NULL;
        CHECK_EQ_INT(pthread_join(threads[t], &failures), 0);
        CHECK_EQ_INT((intptr_t)failures, 0);
    }
    char *stats = control(shared, "GET", "_emulator/stats", NULL);
    char expected[64];
    snprintf(expected, sizeof expected, "\"invites_created\":%d", THREADS * INVITES_PER_THREAD);
    CHECK_CONTAINS(stats, expected);
    certcentral_string_free(stats);

    certcentral_list_invites_query query = {0};
    query.search = "%thread";
    certcentral_invite_page *page = NULL;
    certcentral_error *err = NULL;
    CHECK_STATUS(certcentral_list_invites(shared, &query, &page, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(page)) {
        CHECK_EQ_INT(page->total, THREADS * INVITES_PER_THREAD);
    }
    certcentral_invite_page_free(page);
    certcentral_client_free(shared);
    return harness_report("test_threads");
}
