/* The recordings of the real server (tests/fixtures/recorded/): each line of replays.txt is
 * served byte for byte by the emulator on its route, and the C face must read it as the line
 * says, through the page call and through certcentral_iter. Run from the project's root. */
#include "harness.h"

#define RECORDED "tests/fixtures/recorded/"

/* The whole of a file, NUL-terminated (free it); exits when it cannot be read. */
static char *read_file(const char *path) {
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        fprintf(stderr, "cannot open %s (run from the project's root)\n", path);
        exit(2);
    }
    size_t size = 0, cap = 4096;
    char *text = malloc(cap);
    size_t got;
    while (text != NULL && (got = fread(text + size, 1, cap - size - 1, file)) > 0) {
        size += got;
        if (cap - size - 1 == 0) {
            char *bigger = realloc(text, cap * 2);
            if (bigger == NULL) {
                free(text);
                text = NULL;
                break;
            }
            text = bigger;
            cap *= 2;
        }
    }
    fclose(file);
    if (text == NULL) {
        fprintf(stderr, "out of memory reading %s\n", path);
        exit(2);
    }
    text[size] = '\0';
    return text;
}

/* Trims spaces at both ends, in place. */
static char *trim(char *text) {
    while (*text == ' ' || *text == '\t') {
        text++;
    }
    size_t n = strlen(text);
    while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\t' || text[n - 1] == '\r')) {
        text[--n] = '\0';
    }
    return text;
}

/* What one call made of the answer: a record count, or the status of its failure. */
typedef struct {
    certcentral_status status;
    size_t items;
} outcome;

static outcome from(certcentral_status status, size_t items, certcentral_error **err) {
    outcome result = {status, items};
    certcentral_error_clear(err);
    return result;
}

/* The page call for a route. Returns 0 when C has no call for it. */
static int page_call(const certcentral_client *client, const char *route, outcome *out) {
    certcentral_error *err = NULL;
    certcentral_status st;
    if (strcmp(route, "GET user") == 0) {
        certcentral_user_page *page = NULL;
        st = certcentral_list_users(client, NULL, &page, &err);
        *out = from(st, page ? page->users_len : 0, &err);
        certcentral_user_page_free(page);
    } else if (strcmp(route, "GET account/subaccount/invite") == 0) {
        certcentral_invite_page *page = NULL;
        st = certcentral_list_invites(client, NULL, &page, &err);
        *out = from(st, page ? page->invites_len : 0, &err);
        certcentral_invite_page_free(page);
    } else if (strcmp(route, "GET organization") == 0) {
        certcentral_organization_page *page = NULL;
        st = certcentral_list_organizations(client, NULL, &page, &err);
        *out = from(st, page ? page->organizations_len : 0, &err);
        certcentral_organization_page_free(page);
    } else if (strcmp(route, "GET account/subaccount") == 0) {
        certcentral_subaccount_page *page = NULL;
        st = certcentral_list_subaccounts(client, NULL, &page, &err);
        *out = from(st, page ? page->subaccounts_len : 0, &err);
        certcentral_subaccount_page_free(page);
    } else if (strcmp(route, "GET container") == 0) {
        certcentral_container_list *list = NULL;
        st = certcentral_list_containers(client, &list, &err);
        *out = from(st, list ? list->containers_len : 0, &err);
        certcentral_container_list_free(list);
    } else {
        return 0;
    }
    return 1;
}

/* The iterator for a route; 0 when the route has none (a list without pages). */
static int iterate(const certcentral_client *client, const char *route, outcome *out) {
    certcentral_error *err = NULL;
    certcentral_iter *iter = NULL;
    certcentral_status st;
    if (strcmp(route, "GET user") == 0) {
        st = certcentral_iter_users(client, NULL, &iter, &err);
    } else if (strcmp(route, "GET account/subaccount/invite") == 0) {
        st = certcentral_iter_invites(client, NULL, &iter, &err);
    } else if (strcmp(route, "GET organization") == 0) {
        st = certcentral_iter_organizations(client, NULL, &iter, &err);
    } else if (strcmp(route, "GET account/subaccount") == 0) {
        st = certcentral_iter_subaccounts(client, NULL, &iter, &err);
    } else {
        return 0;
    }
    size_t items = 0;
    const void *record = NULL;
    /* Bounded: a recording holds a handful of records. */
    while (st == CERTCENTRAL_STATUS_OK && items < 10000) {
        st = certcentral_iter_next(iter, &record, &err);
        if (st != CERTCENTRAL_STATUS_OK || record == NULL) {
            break;
        }
        items++;
    }
    *out = from(st, items, &err);
    certcentral_iter_free(iter);
    return 1;
}

static void check_outcome(const char *line, const char *call, outcome got, const char *expected) {
    if (strncmp(expected, "items=", 6) == 0) {
        long want = strtol(expected + 6, NULL, 10);
        if (got.status != CERTCENTRAL_STATUS_OK || (long)got.items != want) {
            fprintf(stderr, "%s (%s): status %s, %zu records; expected %s\n", line, call,
                    certcentral_status_name((int)got.status), got.items, expected);
        }
        CHECK_EQ_STATUS(got.status, CERTCENTRAL_STATUS_OK);
        CHECK_EQ_INT(got.items, want);
    } else if (strncmp(expected, "error=", 6) == 0) {
        CHECK_EQ_STR(certcentral_status_name((int)got.status), expected + 6);
    } else {
        fprintf(stderr, "replays.txt: unknown expectation %s\n", expected);
        CHECK(0);
    }
}

int main(void) {
    certcentral_client *client = test_client(NULL, 0, 0);
    char *manifest = read_file(RECORDED "replays.txt");
    int replayed = 0;
    for (char *line = manifest, *next = NULL; line != NULL; line = next) {
        char *newline = strchr(line, '\n');
        next = newline ? newline + 1 : NULL;
        if (newline != NULL) {
            *newline = '\0';
        }
        if (line[0] == '#' || trim(line)[0] == '\0') {
            continue;
        }
        char copy[512];
        snprintf(copy, sizeof copy, "%s", line);
        char *fields[4] = {0};
        char *rest = line;
        for (int i = 0; i < 4; i++) {
            char *bar = strchr(rest, '|');
            if (bar != NULL) {
                *bar = '\0';
            }
            fields[i] = trim(rest);
            rest = bar ? bar + 1 : rest + strlen(rest);
        }
        const char *fixture = fields[0], *status = fields[1], *route = fields[2],
                   *expected = fields[3];
        if (!CHECK_NOT_NULL(expected) || expected[0] == '\0') {
            fprintf(stderr, "replays.txt: %s is not `fixture | status | route | expected`\n", copy);
            continue;
        }

        char path[256], query[256];
        snprintf(path, sizeof path, RECORDED "%s", fixture);
        char *body = read_file(path);
        /* The route's space, percent-encoded. */
        char encoded[128];
        size_t at = 0;
        for (const char *c = route; *c != '\0' && at + 4 < sizeof encoded; c++) {
            if (*c == ' ') {
                memcpy(encoded + at, "%20", 3);
                at += 3;
            } else {
                encoded[at++] = *c;
            }
        }
        encoded[at] = '\0';
        snprintf(query, sizeof query, "_emulator/replay?route=%s&status=%s", encoded, status);
        control_discard(client, "DELETE", "_emulator/faults", NULL);
        control_discard(client, "POST", query, body);
        free(body);

        outcome got;
        if (!page_call(client, route, &got)) {
            fprintf(stderr, "replays.txt names %s: give it a C call in test_recorded.c\n", route);
            CHECK(0);
            continue;
        }
        check_outcome(copy, "page", got, expected);
        if (iterate(client, route, &got)) {
            check_outcome(copy, "iterator", got, expected);
        }
        replayed++;
    }
    CHECK_INT(replayed, >=, 10);
    free(manifest);

    /* The emulator's own answers are the recorded forms: a list that matches nothing, read as an
     * empty page, and a wrong key, answered 403 and read as an authentication failure. */
    control_discard(client, "DELETE", "_emulator/faults", NULL);
    char *raw = control(client, "GET", "user?filters[search]=nobody&limit=1000", NULL);
    char *recorded = read_file(RECORDED "empty-list.2020.json");
    CHECK_EQ_STR(raw, recorded);
    certcentral_string_free(raw);
    free(recorded);

    certcentral_client *wrong = test_client("wrong-key", 0, 0);
    certcentral_user_page *page = NULL;
    certcentral_error *err = NULL;
    CHECK_EQ_STATUS(certcentral_list_users(wrong, NULL, &page, &err),
                    CERTCENTRAL_STATUS_AUTHENTICATION);
    CHECK_EQ_INT(certcentral_error_http_status(err), 403);
    certcentral_error_clear(&err);
    certcentral_client_free(wrong);

    certcentral_client_free(client);
    return harness_report("test_recorded");
}
