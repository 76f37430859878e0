/* Provisions a customer through the C ABI: an organization (unless it already exists), a
 * managed subaccount, a user and invites, then lists the pending invites. Build it with
 *
 *     cc -std=c11 provision.c -o provision $(pkg-config --cflags --libs certcentral)
 *
 * and run it with CERTCENTRAL_BASE_URL and DIGICERT_API_KEY set (`make demo` does all this
 * against the bundled emulator). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <certcentral.h>

/* Prints a failure with every detail the error carries, frees it, and exits. */
static void fail(const char *what, certcentral_error *err) {
    fprintf(stderr, "c: %s failed (%s, HTTP %u): %s\n", what,
            certcentral_status_name((int)certcentral_error_status(err)),
            (unsigned)certcentral_error_http_status(err), certcentral_error_message(err));
    for (size_t i = 0; i < certcentral_error_api_errors_len(err); i++) {
        fprintf(stderr, "  %s: %s\n", certcentral_error_api_error_code(err, i),
                certcentral_error_api_error_message(err, i));
    }
    certcentral_error_clear(&err);
    exit(1);
}

/* Creates the organization unless one with exactly this name exists; returns its id. The
 * search matches names that contain the text, so each result's name is compared in full. */
static int64_t ensure_organization(const certcentral_client *client,
                                   const certcentral_create_organization_request *org) {
    certcentral_error *err = NULL;
    certcentral_list_organizations_query query = {0};
    query.list.search = org->name;
    certcentral_iter *iter = NULL;
    if (certcentral_iter_organizations(client, &query, &iter, &err) != CERTCENTRAL_STATUS_OK) {
        fail("iter_organizations", err);
    }
    int64_t found = 0;
    const void *record = NULL;
    while (found == 0 && certcentral_iter_next(iter, &record, &err) == CERTCENTRAL_STATUS_OK &&
           record != NULL) {
        const certcentral_organization_details *each = record;
        if (each->name != NULL && strcmp(each->name, org->name) == 0) {
            found = each->id;
        }
    }
    certcentral_iter_free(iter);
    if (err != NULL) {
        fail("iter_next", err);
    }
    if (found != 0) {
        printf("c: organization %lld already exists\n", (long long)found);
        return found;
    }
    int64_t created = 0;
    if (certcentral_create_organization(client, org, &created, &err) != CERTCENTRAL_STATUS_OK) {
        fail("create_organization", err);
    }
    printf("c: organization %lld created\n", (long long)created);
    return created;
}

int main(void) {
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

    certcentral_create_organization_request org = {0};
    org.name = "C Example Works";
    org.address = "1 Kernighan Street";
    org.city = "Murray Hill";
    org.state = "nj";
    org.zip = "07974";
    org.country = "us";
    org.telephone = "908-555-0100";
    org.organization_contact.first_name = "Dennis";
    org.organization_contact.last_name = "Ritchie";
    org.organization_contact.email = "dmr@c-example.test";
    org.organization_contact.telephone = "908-555-0101";
    int64_t organization_id = ensure_organization(client, &org);
    /* A second run finds it instead of creating another. */
    if (ensure_organization(client, &org) != organization_id) {
        fprintf(stderr, "c: the organization was not found again\n");
        return 1;
    }

    const char *grandchildren[] = {"retail"};
    certcentral_create_subaccount_request sub = {0};
    sub.account_type = "managed";
    sub.allowed_grandchildren = grandchildren;
    sub.allowed_grandchildren_len = 1;
    sub.user.first_name = "Ken";
    sub.user.last_name = "Thompson";
    sub.user.email = "ken@c-example.test";
    sub.organization.name = "C Example Labs";
    sub.organization.address = "2 Kernighan Street";
    sub.organization.zip = "07974";
    sub.organization.city = "Murray Hill";
    sub.organization.state = "nj";
    sub.organization.country = "us";
    certcentral_subaccount *subaccount = NULL;
    if (certcentral_create_subaccount(client, &sub, &subaccount, &err) != CERTCENTRAL_STATUS_OK) {
        /* Even then, a managed subaccount's one-time key may have arrived: keep it. */
        if (certcentral_error_one_time_key(err) != NULL) {
            fprintf(stderr, "c: the subaccount exists; store its key from the error\n");
        }
        fail("create_subaccount", err);
    }
    printf("c: managed subaccount %lld created (one-time API key received: %s)\n",
           (long long)subaccount->id, subaccount->api_key ? "true" : "false");
    certcentral_subaccount_free(subaccount); /* wipes the key from memory */

    int64_t roles[] = {5};
    certcentral_add_user_request user = {0};
    user.username = "brian.k";
    user.first_name = "Brian";
    user.last_name = "Kernighan";
    user.email = "bwk@c-example.test";
    user.access_role_ids = roles;
    user.access_role_ids_len = 1;
    int64_t user_id = 0;
    if (certcentral_add_user(client, &user, &user_id, &err) != CERTCENTRAL_STATUS_OK) {
        fail("add_user", err);
    }
    printf("c: user %lld added\n", (long long)user_id);

    const char *emails[] = {"partner1@c-example.test", "partner2@c-example.test"};
    certcentral_send_invite_request invite = {0};
    invite.emails = emails;
    invite.emails_len = 2;
    invite.subaccount_type = "retail";
    invite.invite_note = "Join us on CertCentral";
    if (certcentral_send_invite(client, &invite, &err) != CERTCENTRAL_STATUS_OK) {
        fail("send_invite", err);
    }

    certcentral_list_invites_query query = {0};
    query.status = "pending";
    query.search = "%c-example";
    certcentral_iter *iter = NULL;
    if (certcentral_iter_invites(client, &query, &iter, &err) != CERTCENTRAL_STATUS_OK) {
        fail("iter_invites", err);
    }
    const void *record = NULL;
    int count = 0;
    while (certcentral_iter_next(iter, &record, &err) == CERTCENTRAL_STATUS_OK && record != NULL) {
        const certcentral_invite *each = record;
        printf("c: invite %lld to %s (%s)\n", (long long)each->id, each->email, each->status);
        count++;
    }
    if (err != NULL) {
        fail("iter_next", err);
    }
    certcentral_iter_free(iter);
    printf("c: %d pending invites\n", count);
    certcentral_client_free(client);
    return 0;
}
