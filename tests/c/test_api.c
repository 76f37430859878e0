/* Every function of the C ABI against the emulator, every error status C can reach, and
 * NULL arguments and bad UTF-8 where they matter. */
#include "harness.h"

static const char BAD_UTF8[] = {(char)0xff, (char)0xfe, 'x', 0};

static certcentral_client *client;

static void test_version_and_status_names(void) {
    CHECK_EQ_STR(certcentral_version(), "0.1.0");
    CHECK_EQ_STR(certcentral_status_name(CERTCENTRAL_STATUS_OK), "ok");
    CHECK_EQ_STR(certcentral_status_name(CERTCENTRAL_STATUS_PERMISSION_DENIED), "permission_denied");
    CHECK_EQ_STR(certcentral_status_name(CERTCENTRAL_STATUS_PANIC), "panic");
    CHECK_EQ_STR(certcentral_status_name(CERTCENTRAL_STATUS_TLS), "tls");
    CHECK_EQ_INT(CERTCENTRAL_STATUS_TLS, 6);
    CHECK_EQ_STR(certcentral_status_name(7), "unknown");
    CHECK_EQ_STR(certcentral_status_name(-1), "unknown");
    CHECK_EQ_INT(CERTCENTRAL_STATUS_API, 17);
    CHECK_EQ_INT(CERTCENTRAL_STATUS_RATE_LIMITED, 15);
}

static void test_client_new(void) {
    certcentral_client *made = NULL;
    /* A non-NULL *err on entry is refused and left alone (see the header's preamble). */
    certcentral_error *err = (certcentral_error *)0x1;
    CHECK_EQ_STATUS(certcentral_client_new(NULL, emulator_url(), &made, &err), CERTCENTRAL_STATUS_INVALID_ARGUMENT);
    CHECK(err == (certcentral_error *)0x1);
    CHECK(made == NULL);
    err = NULL;
    /* NULL api_key reads DIGICERT_API_KEY (set by with-emulator.sh). */
    CHECK_EQ_STATUS(certcentral_client_new(NULL, emulator_url(), &made, &err), CERTCENTRAL_STATUS_OK);
    CHECK(err == NULL);
    CHECK_NOT_NULL(made);
    certcentral_client_free(made);

    certcentral_status st = certcentral_client_new("k", emulator_url(), NULL, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(certcentral_error_message(err), "`out`");
    certcentral_error_clear(&err);

    made = (certcentral_client *)&made; /* not NULL: a failure sets it to NULL */
    st = certcentral_client_new(BAD_UTF8, emulator_url(), &made, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_INVALID_ARGUMENT);
    CHECK(made == NULL);
    CHECK_CONTAINS(certcentral_error_message(err), "api_key");
    CHECK_CONTAINS(certcentral_error_message(err), "UTF-8");
    certcentral_error_clear(&err);

    st = certcentral_client_new("secret-key", "http://example.com/services/v2/", &made, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_INVALID_ARGUMENT);
    CHECK(made == NULL);
    CHECK_CONTAINS(certcentral_error_message(err), "base_url");
    CHECK_NOT_CONTAINS(certcentral_error_message(err), "secret-key");
    certcentral_error_clear(&err);

    st = certcentral_client_new("bad\r\nkey", emulator_url(), &made, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_INVALID_ARGUMENT);
    CHECK(made == NULL);
    certcentral_error_clear(&err);

    /* err may be NULL. */
    CHECK_EQ_STATUS(certcentral_client_new("k", "ftp://x/", &made, NULL), CERTCENTRAL_STATUS_INVALID_ARGUMENT);
}

static void test_builder(void) {
    certcentral_client_builder *b = NULL;
    certcentral_client *made = NULL;
    certcentral_error *err = NULL;
    CHECK_STATUS(certcentral_client_builder_new(&b, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_client_builder_api_key(b, emulator_key(), &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_client_builder_region(b, "eu", &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_client_builder_region(b, "mars", &err), CERTCENTRAL_STATUS_INVALID_ARGUMENT, &err);
    CHECK_STATUS(certcentral_client_builder_base_url(b, emulator_url(), &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_client_builder_timeout_ms(b, 5000, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_client_builder_connect_timeout_ms(b, 1000, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_client_builder_max_retries(b, 1, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_client_builder_backoff_ms(b, 1, 2, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_client_builder_rate_limit(b, true, &err), CERTCENTRAL_STATUS_OK, &err);
    certcentral_rate_window windows[2] = {{100, 5000}, {1000, 180000}};
    CHECK_STATUS(certcentral_client_builder_rate_limit_windows(b, windows, 2, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_client_builder_rate_limit_windows(b, windows, 0, &err),
                 CERTCENTRAL_STATUS_INVALID_ARGUMENT, &err);
    CHECK_STATUS(certcentral_client_builder_rate_limit_windows(b, NULL, 1, &err),
                 CERTCENTRAL_STATUS_INVALID_ARGUMENT, &err);
    certcentral_rate_window zero = {0, 1000};
    CHECK_STATUS(certcentral_client_builder_rate_limit_windows(b, &zero, 1, &err),
                 CERTCENTRAL_STATUS_INVALID_ARGUMENT, &err);
    CHECK_STATUS(certcentral_client_builder_max_rate_limit_wait_ms(b, 1000, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_client_builder_user_agent_suffix(b, "c-tests/1.0", &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_client_builder_max_response_bytes(b, 1 << 20, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_client_builder_build(b, &made, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_NOT_NULL(made);
    char *me = NULL;
    CHECK_STATUS(certcentral_request_json(made, "GET", "user/me", NULL, &me, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_CONTAINS(me, "Administrator");
    certcentral_string_free(me);
    certcentral_client_free(made);

    /* Bad settings are reported by build, naming the setting. */
    CHECK_STATUS(certcentral_client_builder_timeout_ms(b, 0, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_EQ_STATUS(certcentral_client_builder_build(b, &made, &err), CERTCENTRAL_STATUS_INVALID_ARGUMENT);
    CHECK(made == NULL);
    CHECK_CONTAINS(certcentral_error_message(err), "timeout");
    certcentral_error_clear(&err);
    CHECK_STATUS(certcentral_client_builder_timeout_ms(b, 5000, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_client_builder_backoff_ms(b, 10, 1, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_EQ_STATUS(certcentral_client_builder_build(b, &made, &err), CERTCENTRAL_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(certcentral_error_message(err), "backoff");
    certcentral_error_clear(&err);
    CHECK_STATUS(certcentral_client_builder_user_agent_suffix(b, "x\r\nInjected: 1", &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_client_builder_backoff_ms(b, 1, 2, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_EQ_STATUS(certcentral_client_builder_build(b, &made, &err), CERTCENTRAL_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(certcentral_error_message(err), "user_agent_suffix");
    certcentral_error_clear(&err);
    certcentral_client_builder_free(b);

    CHECK_STATUS(certcentral_client_builder_api_key(NULL, "k", &err), CERTCENTRAL_STATUS_INVALID_ARGUMENT, &err);
    made = (certcentral_client *)&made; /* not NULL: a failure sets it to NULL */
    CHECK_STATUS(certcentral_client_builder_build(NULL, &made, &err), CERTCENTRAL_STATUS_INVALID_ARGUMENT, &err);
    CHECK(made == NULL);
    CHECK_STATUS(certcentral_client_builder_new(NULL, &err), CERTCENTRAL_STATUS_INVALID_ARGUMENT, &err);
}

static void test_invites(void) {
    certcentral_error *err = NULL;
    const char *emails[] = {"c-one@example.com", "c-two@example.com", "c-three@corp.example"};
    certcentral_send_invite_request invite = {0};
    invite.emails = emails;
    invite.emails_len = 3;
    invite.subaccount_type = "reseller";
    invite.invite_note = "Welcome from C";
    CHECK_STATUS(certcentral_send_invite(client, &invite, &err), CERTCENTRAL_STATUS_OK, &err);

    certcentral_list_invites_query query = {0};
    query.search = "%example.com";
    query.sort = "-email";
    query.limit = 10;
    certcentral_invite_page *page = NULL;
    CHECK_STATUS(certcentral_list_invites(client, &query, &page, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(page)) {
        CHECK_EQ_INT(page->invites_len, 2);
        CHECK_EQ_INT(page->total, 2);
        CHECK_EQ_INT(page->limit, 10);
        CHECK_EQ_INT(page->offset, 0);
        CHECK_EQ_STR(page->invites[0].email, "c-two@example.com");
        CHECK_EQ_STR(page->invites[1].email, "c-one@example.com");
        CHECK_EQ_STR(page->invites[0].status, "pending");
        CHECK_EQ_STR(page->invites[0].subaccount_type, "reseller");
        CHECK_EQ_STR(page->invites[0].invite_note, "Welcome from C");
        CHECK_EQ_INT(strlen(page->invites[0].date_created), 19);
        CHECK_INT(page->invites[0].id, >, 0);
        CHECK_CONTAINS(page->invites[0].raw_json, "\"c-two@example.com\"");
        CHECK_CONTAINS(page->raw_json, "subaccount_invites");
    }
    certcentral_invite_page_free(page);

    /* A NULL query lists everything with the server's defaults. */
    CHECK_STATUS(certcentral_list_invites(client, NULL, &page, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(page)) {
        CHECK_INT(page->invites_len, >=, 3);
        CHECK_EQ_INT(page->limit, 1000);
    }
    certcentral_invite_page_free(page);
    certcentral_invite_page_free(NULL);

    /* Documented rules are checked before sending, naming the field. */
    query.limit = 1001;
    certcentral_status st = certcentral_list_invites(client, &query, &page, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_VALIDATION);
    CHECK(page == NULL);
    CHECK_CONTAINS(certcentral_error_message(err), "`limit`");
    certcentral_error_clear(&err);

    certcentral_send_invite_request empty = {0};
    st = certcentral_send_invite(client, &empty, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_VALIDATION);
    CHECK_CONTAINS(certcentral_error_message(err), "emails");
    certcentral_error_clear(&err);

    const char *bad_address[] = {"ok@example.com", "not-an-email"};
    invite.emails = bad_address;
    invite.emails_len = 2;
    st = certcentral_send_invite(client, &invite, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_VALIDATION);
    CHECK_CONTAINS(certcentral_error_message(err), "emails[1]");
    /* The field and the rule, as Python's e.field and e.rule; no request was made. */
    CHECK_EQ_STR(certcentral_error_field(err), "emails[1]");
    CHECK_CONTAINS(certcentral_error_rule(err), "email address");
    CHECK(certcentral_error_method(err) == NULL && certcentral_error_url(err) == NULL);
    certcentral_error_clear(&err);

    /* Pointer and encoding errors name the argument. */
    const char *with_null[] = {"ok@example.com", NULL};
    invite.emails = with_null;
    st = certcentral_send_invite(client, &invite, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(certcentral_error_message(err), "emails[1]");
    certcentral_error_clear(&err);
    const char *bad_text[] = {BAD_UTF8};
    invite.emails = bad_text;
    invite.emails_len = 1;
    st = certcentral_send_invite(client, &invite, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(certcentral_error_message(err), "UTF-8");
    certcentral_error_clear(&err);
    invite.emails = NULL;
    invite.emails_len = 3;
    CHECK_STATUS(certcentral_send_invite(client, &invite, &err), CERTCENTRAL_STATUS_INVALID_ARGUMENT, &err);
    invite.emails = emails;
    invite.invite_note = BAD_UTF8;
    st = certcentral_send_invite(client, &invite, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(certcentral_error_message(err), "invite_note");
    certcentral_error_clear(&err);
    CHECK_STATUS(certcentral_send_invite(client, NULL, &err), CERTCENTRAL_STATUS_INVALID_ARGUMENT, &err);
    CHECK_STATUS(certcentral_send_invite(NULL, &invite, &err), CERTCENTRAL_STATUS_INVALID_ARGUMENT, &err);
    CHECK_STATUS(certcentral_list_invites(client, NULL, NULL, &err), CERTCENTRAL_STATUS_INVALID_ARGUMENT, &err);
    query.limit = 0;
    query.status = BAD_UTF8;
    CHECK_STATUS(certcentral_list_invites(client, &query, &page, &err), CERTCENTRAL_STATUS_INVALID_ARGUMENT, &err);
}

static void test_invite_iterator(void) {
    certcentral_error *err = NULL;
    control_discard(client, "POST", "_emulator/seed", "{\"invites\": 2500}");
    certcentral_list_invites_query query = {0};
    query.search = "%invitee";
    certcentral_iter *iter = NULL;
    CHECK_STATUS(certcentral_iter_invites(client, &query, &iter, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_EQ_INT(certcentral_iter_total(iter), -1);
    const void *record = NULL;
    int64_t count = 0;
    int64_t last_id = 0;
    int ordered = 1;
    for (;;) {
        certcentral_status st = certcentral_iter_next(iter, &record, &err);
        if (st != CERTCENTRAL_STATUS_OK) {
            CHECK_STATUS(st, CERTCENTRAL_STATUS_OK, &err);
            break;
        }
        if (record == NULL) {
            break;
        }
        const certcentral_invite *invite = record;
        ordered &= invite->id > last_id;
        last_id = invite->id;
        count++;
        if (count == 1) {
            CHECK_EQ_INT(certcentral_iter_total(iter), 2500);
            CHECK_EQ_INT(certcentral_iter_fetched(iter), 1000);
        }
    }
    CHECK_EQ_INT(count, 2500);
    CHECK(ordered);
    CHECK_EQ_INT(certcentral_iter_fetched(iter), 2500);
    /* At the end it stays at the end. */
    CHECK_STATUS(certcentral_iter_next(iter, &record, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK(record == NULL);
    certcentral_iter_free(iter);

    /* An iterator outlives its client, and stopping early frees the current invite. */
    certcentral_client *own = test_client(NULL, 0, 0);
    query.limit = 7;
    CHECK_STATUS(certcentral_iter_invites(own, &query, &iter, &err), CERTCENTRAL_STATUS_OK, &err);
    certcentral_client_free(own);
    CHECK_STATUS(certcentral_iter_next(iter, &record, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(record)) {
        const certcentral_invite *invite = record;
        CHECK_CONTAINS(invite->email, "invitee");
    }
    certcentral_iter_free(iter);
    certcentral_iter_free(NULL);

    CHECK_STATUS(certcentral_iter_next(NULL, &record, &err), CERTCENTRAL_STATUS_INVALID_ARGUMENT, &err);
    CHECK_EQ_INT(certcentral_iter_total(NULL), -1);
    CHECK_EQ_INT(certcentral_iter_fetched(NULL), 0);
}

static certcentral_create_subaccount_request subaccount_request(const char *type, const char *email) {
    static const char *grandchildren[] = {"retail", "enterprise"};
    certcentral_create_subaccount_request request = {0};
    request.account_type = type;
    request.allowed_grandchildren = grandchildren;
    request.allowed_grandchildren_len = 2;
    request.account_manager_user_id = 12345;
    request.user.first_name = "Ada";
    request.user.last_name = "Lovelace";
    request.user.email = email;
    request.user.job_title = "Analyst";
    request.organization.name = "Engines Ltd";
    request.organization.address = "1 Difference Way";
    request.organization.zip = "10001";
    request.organization.city = "London";
    request.organization.state = "ldn";
    request.organization.country = "GB";
    return request;
}

static void test_create_subaccount(void) {
    certcentral_error *err = NULL;
    certcentral_subaccount *sub = NULL;
    certcentral_create_subaccount_request request = subaccount_request("managed", "ada@example.com");
    request.bill_parent = CERTCENTRAL_OPTIONAL_BOOL_TRUE;
    request.child_name = "Engines";
    CHECK_STATUS(certcentral_create_subaccount(client, &request, &sub, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(sub)) {
        CHECK_INT(sub->id, >, 0);
        CHECK_EQ_STR(sub->account_type, "managed");
        CHECK_EQ_INT(sub->account_manager_user_id, 12345);
        CHECK_EQ_INT(sub->bill_parent, CERTCENTRAL_OPTIONAL_BOOL_TRUE);
        if (CHECK_NOT_NULL(sub->api_key)) {
            CHECK_EQ_INT(strlen(sub->api_key), 64);
        }
        CHECK_CONTAINS(sub->raw_json, "\"api_key\"");
        CHECK_NOT_NULL(sub->user);
        if (CHECK_NOT_NULL(sub->organization)) {
            CHECK_EQ_STR(sub->organization->name, "Engines Ltd");
            CHECK_EQ_STR(sub->organization->status, "active");
            CHECK_EQ_STR(sub->organization->country, "gb");
            CHECK_EQ_INT(sub->organization->is_active, CERTCENTRAL_OPTIONAL_BOOL_TRUE);
            CHECK_EQ_STR(sub->organization->address2, NULL);
            if (CHECK_NOT_NULL(sub->organization->container)) {
                CHECK_INT(sub->organization->container->id, >, 0);
            }
            CHECK_CONTAINS(sub->organization->raw_json, "Engines Ltd");
        }
        if (sub->user != NULL) {
            CHECK_EQ_STR(sub->user->username, "ada@example.com");
            CHECK_EQ_INT(sub->user->account_id, sub->id);
            CHECK_EQ_STR(sub->user->user_type, "standard");
            CHECK_EQ_STR(sub->user->job_title, "Analyst");
        }
    }
    certcentral_subaccount_free(sub);
    certcentral_subaccount_free(NULL);

    request = subaccount_request("retail", "grace@example.com");
    CHECK_STATUS(certcentral_create_subaccount(client, &request, &sub, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(sub)) {
        CHECK_EQ_STR(sub->api_key, NULL);
        CHECK_EQ_INT(sub->bill_parent, CERTCENTRAL_OPTIONAL_BOOL_UNSET);
    }
    certcentral_subaccount_free(sub);

    /* An optional bool outside its three values, an unset required field. */
    request.bill_parent = 7;
    certcentral_status st = certcentral_create_subaccount(client, &request, &sub, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_INVALID_ARGUMENT);
    CHECK(sub == NULL);
    CHECK_CONTAINS(certcentral_error_message(err), "bill_parent");
    certcentral_error_clear(&err);
    request.bill_parent = CERTCENTRAL_OPTIONAL_BOOL_FALSE;
    request.organization.city = NULL;
    st = certcentral_create_subaccount(client, &request, &sub, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_VALIDATION);
    CHECK_CONTAINS(certcentral_error_message(err), "organization.city");
    certcentral_error_clear(&err);
    CHECK_STATUS(certcentral_create_subaccount(client, &request, NULL, &err), CERTCENTRAL_STATUS_INVALID_ARGUMENT, &err);
}

static certcentral_add_user_request user_request(const char *username, const int64_t *roles) {
    certcentral_add_user_request request = {0};
    request.username = username;
    request.first_name = "Jill";
    request.last_name = "Valentine";
    request.email = "jill.valentine@pd.racoon-city.gov";
    request.telephone = "555-555-5555";
    request.job_title = "S.T.A.R.S. Alpha Team";
    request.access_role_ids = roles;
    request.access_role_ids_len = 1;
    return request;
}

static void test_add_user(void) {
    certcentral_error *err = NULL;
    int64_t standard[] = {5};
    int64_t id = 0;
    certcentral_add_user_request request = user_request("jill.valentine", standard);
    int64_t divisions[] = {300000};
    request.container_id_assignments = divisions;
    request.container_id_assignments_len = 1;
    request.is_saml_sso_only = CERTCENTRAL_OPTIONAL_BOOL_FALSE;
    CHECK_STATUS(certcentral_add_user(client, &request, &id, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_INT(id, >, 0);

    /* The same username again is a conflict, with the API's code. */
    certcentral_status st = certcentral_add_user(client, &request, &id, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_CONFLICT);
    CHECK_EQ_STATUS(certcentral_error_status(err), CERTCENTRAL_STATUS_CONFLICT);
    CHECK_EQ_INT(certcentral_error_http_status(err), 409);
    CHECK_EQ_INT(certcentral_error_api_errors_len(err), 1);
    CHECK_EQ_STR(certcentral_error_api_error_code(err, 0), "duplicate_username|username");
    CHECK_CONTAINS(certcentral_error_api_error_message(err, 0), "already taken");
    CHECK_EQ_STR(certcentral_error_api_error_code(err, 1), NULL);
    CHECK_EQ_STR(certcentral_error_api_error_message(err, 99), NULL);
    CHECK_EQ_INT(certcentral_error_retry_after_ms(err), -1);
    CHECK_CONTAINS(certcentral_error_body(err), "duplicate_username");
    CHECK_EQ_STR(certcentral_error_one_time_key(err), NULL);
    certcentral_error_clear(&err);

    /* The server's own rules give BAD_REQUEST; the documented ones never leave. */
    int64_t unknown_role[] = {9};
    request = user_request("chris.redfield", unknown_role);
    st = certcentral_add_user(client, &request, &id, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_BAD_REQUEST);
    CHECK_EQ_STR(certcentral_error_api_error_code(err, 0), "invalid_access_role|access_roles[0].id");
    certcentral_error_clear(&err);
    request = user_request("chris redfield", standard);
    st = certcentral_add_user(client, &request, &id, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_VALIDATION);
    CHECK_CONTAINS(certcentral_error_message(err), "username");
    CHECK_EQ_INT(certcentral_error_http_status(err), 0);
    CHECK_EQ_INT(certcentral_error_api_errors_len(err), 0);
    certcentral_error_clear(&err);
    request = user_request("chris.redfield", standard);
    request.access_role_ids_len = 0;
    st = certcentral_add_user(client, &request, &id, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_VALIDATION);
    CHECK_CONTAINS(certcentral_error_message(err), "access_roles");
    certcentral_error_clear(&err);
    request.access_role_ids_len = 1;
    CHECK_STATUS(certcentral_add_user(client, &request, NULL, &err), CERTCENTRAL_STATUS_INVALID_ARGUMENT, &err);
    request.access_role_ids = NULL;
    CHECK_STATUS(certcentral_add_user(client, &request, &id, &err), CERTCENTRAL_STATUS_INVALID_ARGUMENT, &err);
}

static void test_create_organization(void) {
    certcentral_error *err = NULL;
    certcentral_create_organization_request request = {0};
    request.name = "Epigyne Unwieldiness llc";
    request.assumed_name = "Epigyne Unwieldiness";
    request.country = "us";
    request.address = "932 Prospect Street";
    request.address2 = "Floor 08";
    request.city = "Minneapolis";
    request.state = "mn";
    request.zip = "40849";
    request.telephone = "666-186-6450";
    request.organization_contact.first_name = "Gia";
    request.organization_contact.last_name = "Booth";
    request.organization_contact.job_title = "Clinical Laboratory Technician";
    request.organization_contact.email = "gia.booth@inbox.com";
    request.organization_contact.telephone = "666-186-6450";
    request.organization_contact.telephone_extension = "736";
    int64_t first = 0, again = 0, forced = 0;
    CHECK_STATUS(certcentral_create_organization(client, &request, &first, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_create_organization(client, &request, &again, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_INT(first, >, 0);
    CHECK_EQ_INT(first, again);
    request.skip_duplicate_org_check = CERTCENTRAL_OPTIONAL_BOOL_TRUE;
    CHECK_STATUS(certcentral_create_organization(client, &request, &forced, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_INT(forced, >, 0);
    CHECK_INT(forced, !=, first);

    request.organization_contact.email = "gia";
    certcentral_status st = certcentral_create_organization(client, &request, &forced, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_VALIDATION);
    CHECK_CONTAINS(certcentral_error_message(err), "organization_contact.email");
    certcentral_error_clear(&err);
    CHECK_STATUS(certcentral_create_organization(client, NULL, &forced, &err), CERTCENTRAL_STATUS_INVALID_ARGUMENT, &err);
}

static void test_request_json(void) {
    certcentral_error *err = NULL;
    char *response = (char *)0x1;
    CHECK_STATUS(certcentral_request_json(client, "GET", "user/me", NULL, &response, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_CONTAINS(response, "\"access_roles\"");
    certcentral_string_free(response);
    CHECK_STATUS(certcentral_request_json(client, "POST", "account/subaccount/invite",
                                          "{\"emails\":[\"raw@example.com\"],\"subaccount_type\":\"retail\"}",
                                          &response, &err),
                 CERTCENTRAL_STATUS_OK, &err);
    CHECK_EQ_STR(response, "null"); /* 201 with an empty body */
    certcentral_string_free(response);
    certcentral_string_free(NULL);

    certcentral_status st = certcentral_request_json(client, "GET", "certificate/1", NULL, &response, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_NOT_FOUND);
    CHECK_EQ_STR(response, NULL);
    CHECK_EQ_STR(certcentral_error_api_error_code(err, 0), "not_found|route");
    certcentral_error_clear(&err);
    /* A known path without this method: only POST account exists. */
    st = certcentral_request_json(client, "GET", "account", NULL, &response, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_API);
    CHECK_EQ_INT(certcentral_error_http_status(err), 405);
    certcentral_error_clear(&err);

    const char *escapes[] = {"../admin", "//evil.example/x", "https://evil.example/x"};
    for (size_t i = 0; i < 3; i++) {
        st = certcentral_request_json(client, "GET", escapes[i], NULL, &response, &err);
        CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_INVALID_ARGUMENT);
        CHECK_CONTAINS(certcentral_error_message(err), "path");
        certcentral_error_clear(&err);
    }
    st = certcentral_request_json(client, "POST", "user", "{not json", &response, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(certcentral_error_message(err), "body");
    certcentral_error_clear(&err);
    CHECK_STATUS(certcentral_request_json(client, "BREW", "user/me", NULL, &response, &err),
                 CERTCENTRAL_STATUS_INVALID_ARGUMENT, &err);
    CHECK_STATUS(certcentral_request_json(client, NULL, "user/me", NULL, &response, &err),
                 CERTCENTRAL_STATUS_INVALID_ARGUMENT, &err);
    CHECK_STATUS(certcentral_request_json(client, "GET", BAD_UTF8, NULL, &response, &err),
                 CERTCENTRAL_STATUS_INVALID_ARGUMENT, &err);
    CHECK_STATUS(certcentral_request_json(client, "GET", "user/me", NULL, NULL, &err),
                 CERTCENTRAL_STATUS_INVALID_ARGUMENT, &err);
}

/* Every status that a response or a socket can produce, reached from C. */
static void test_error_statuses(void) {
    certcentral_error *err = NULL;
    certcentral_invite_page *page = NULL;
    certcentral_status st;

    certcentral_client *wrong_key = test_client("wrong-key", 0, 0);
    st = certcentral_list_invites(wrong_key, NULL, &page, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_AUTHENTICATION);
    CHECK_EQ_INT(certcentral_error_http_status(err), 403);
    CHECK_EQ_STR(certcentral_error_api_error_code(err, 0), "access_denied|access_denied_invalid_key");
    CHECK_NOT_CONTAINS(certcentral_error_message(err), "wrong-key");
    /* The request it is about: the method, and the URL without its query. */
    CHECK_EQ_STR(certcentral_error_method(err), "GET");
    CHECK_CONTAINS(certcentral_error_url(err), "/services/v2/account/subaccount/invite");
    CHECK(certcentral_error_field(err) == NULL);
    certcentral_error_clear(&err);
    certcentral_client_free(wrong_key);

    control_discard(client, "POST", "_emulator/settings", "{\"subaccounts_enabled\": false}");
    certcentral_subaccount *sub = NULL;
    certcentral_create_subaccount_request request = subaccount_request("retail", "denied@example.com");
    st = certcentral_create_subaccount(client, &request, &sub, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_PERMISSION_DENIED);
    CHECK(sub == NULL);
    CHECK_EQ_STR(certcentral_error_api_error_code(err, 0), "access_denied|missing_permission");
    certcentral_error_clear(&err);
    control_discard(client, "POST", "_emulator/settings", "{\"subaccounts_enabled\": true}");

    certcentral_client *nowhere = NULL;
    CHECK_STATUS(certcentral_client_new("k", "http://127.0.0.1:1/services/v2/", &nowhere, &err),
                 CERTCENTRAL_STATUS_OK, &err);
    st = certcentral_list_invites(nowhere, NULL, &page, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_TRANSPORT);
    CHECK_EQ_INT(certcentral_error_http_status(err), 0);
    certcentral_error_clear(&err);
    certcentral_client_free(nowhere);

    certcentral_client *quick = test_client(NULL, 0, 200);
    control_discard(client, "POST", "_emulator/faults",
                    "{\"route\": \"GET account/subaccount/invite\", \"kind\": \"delay\", \"ms\": 600, \"times\": 1}");
    st = certcentral_list_invites(quick, NULL, &page, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_TIMEOUT);
    certcentral_error_clear(&err);

    control_discard(client, "POST", "_emulator/faults",
                    "{\"route\": \"GET account/subaccount/invite\", \"kind\": \"malformed\", \"times\": 1}");
    st = certcentral_list_invites(quick, NULL, &page, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_DECODE);
    CHECK_EQ_INT(certcentral_error_http_status(err), 200);
    CHECK_CONTAINS(certcentral_error_body(err), "subaccount_invites");
    certcentral_error_clear(&err);

    control_discard(client, "POST", "_emulator/faults",
                    "{\"route\": \"POST account\", \"kind\": \"corrupt_field\", \"field\": \"id\", \"value\": \"x\", \"times\": 1}");
    request = subaccount_request("managed", "corrupt@example.com");
    st = certcentral_create_subaccount(quick, &request, &sub, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_DECODE);
    CHECK(sub == NULL);
    const char *lost_key = certcentral_error_one_time_key(err);
    if (CHECK_NOT_NULL(lost_key)) {
        CHECK_EQ_INT(strlen(lost_key), 64);
        CHECK_NOT_CONTAINS(certcentral_error_message(err), lost_key);
    }
    certcentral_error_clear(&err);

    control_discard(client, "POST", "_emulator/faults",
                    "{\"route\": \"GET account/subaccount/invite\", \"kind\": \"respond\", \"status\": 503, \"times\": 1}");
    st = certcentral_list_invites(quick, NULL, &page, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_SERVER);
    CHECK_EQ_INT(certcentral_error_http_status(err), 503);
    certcentral_error_clear(&err);

    control_discard(client, "POST", "_emulator/faults",
                    "{\"route\": \"GET account/subaccount/invite\", \"kind\": \"respond\", \"status\": 429, \"retry_after\": \"7\", \"times\": 1}");
    st = certcentral_list_invites(quick, NULL, &page, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_RATE_LIMITED);
    CHECK_EQ_INT(certcentral_error_retry_after_ms(err), 7000);
    CHECK_EQ_STR(certcentral_error_api_error_code(err, 0), "request_limit_exceeded");
    certcentral_error_clear(&err);

    control_discard(client, "POST", "_emulator/faults",
                    "{\"route\": \"GET user/me\", \"kind\": \"respond\", \"status\": 418, \"body\": \"\", \"times\": 1}");
    char *response = NULL;
    st = certcentral_request_json(quick, "GET", "user/me", NULL, &response, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_API);
    CHECK_EQ_INT(certcentral_error_http_status(err), 418);
    CHECK_EQ_INT(certcentral_error_api_errors_len(err), 0);
    CHECK_EQ_STR(certcentral_error_body(err), NULL);
    certcentral_error_clear(&err);
    certcentral_client_free(quick);

    /* A NUL inside server text cannot end a C string early: it becomes U+FFFD. */
    control_discard(client, "POST", "_emulator/faults",
                    "{\"route\": \"GET account/subaccount/invite\", \"kind\": \"respond\", \"status\": 200, \"times\": 1,"
                    " \"body\": \"{\\\"subaccount_invites\\\":[{\\\"id\\\":1,\\\"email\\\":\\\"a\\\\u0000b@example.com\\\"}]}\"}");
    CHECK_STATUS(certcentral_list_invites(client, NULL, &page, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(page)) {
        CHECK_EQ_INT(page->invites_len, 1);
        CHECK_EQ_INT(page->total, -1);
    }
    if (page != NULL && page->invites_len == 1) {
        CHECK_EQ_STR(page->invites[0].email, "a\xEF\xBF\xBD" "b@example.com");
        CHECK_EQ_STR(page->invites[0].status, NULL);
    }
    certcentral_invite_page_free(page);

    /* The client-side limiter: a wait beyond its bound fails before sending. */
    certcentral_client_builder *b = NULL;
    certcentral_client *limited = NULL;
    certcentral_rate_window one_per_minute = {1, 60000};
    CHECK_STATUS(certcentral_client_builder_new(&b, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_client_builder_base_url(b, emulator_url(), &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_client_builder_rate_limit_windows(b, &one_per_minute, 1, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_client_builder_max_rate_limit_wait_ms(b, 10, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_client_builder_build(b, &limited, &err), CERTCENTRAL_STATUS_OK, &err);
    certcentral_client_builder_free(b);
    CHECK_STATUS(certcentral_list_invites(limited, NULL, &page, &err), CERTCENTRAL_STATUS_OK, &err);
    certcentral_invite_page_free(page);
    st = certcentral_list_invites(limited, NULL, &page, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_RATE_LIMITED);
    CHECK_EQ_INT(certcentral_error_http_status(err), 0);
    CHECK_INT(certcentral_error_retry_after_ms(err), >, 59000);
    certcentral_error_clear(&err);
    certcentral_client_free(limited);

    /* Accessors on a NULL error answer with safe defaults. */
    CHECK_EQ_STATUS(certcentral_error_status(NULL), CERTCENTRAL_STATUS_INVALID_ARGUMENT);
    CHECK_EQ_STR(certcentral_error_message(NULL), "");
    CHECK_EQ_INT(certcentral_error_http_status(NULL), 0);
    CHECK_EQ_INT(certcentral_error_api_errors_len(NULL), 0);
    CHECK_EQ_STR(certcentral_error_api_error_code(NULL, 0), NULL);
    CHECK_EQ_STR(certcentral_error_body(NULL), NULL);
    CHECK_EQ_INT(certcentral_error_retry_after_ms(NULL), -1);
    CHECK_EQ_STR(certcentral_error_one_time_key(NULL), NULL);
    certcentral_error_free(NULL);
}

/* Checks that GET user/me, as `key`, answers for the user `user_id`. */
static void check_key_acts_as(const char *key, int64_t user_id) {
    certcentral_client *as_key = test_client(key, 0, 0);
    char *me = control(as_key, "GET", "user/me", NULL);
    char expected[64];
    snprintf(expected, sizeof expected, "\"id\":%lld,", (long long)user_id);
    CHECK_CONTAINS(me, expected);
    certcentral_string_free(me);
    certcentral_client_free(as_key);
}

static void test_service_users_and_keys(void) {
    certcentral_error *err = NULL;
    certcentral_service_user *robot = NULL;
    certcentral_add_service_user_request request = {0};
    request.email = "robot@example.com";
    request.api_name = "deploy";
    request.restricted_to_role_id = 102;
    CHECK_STATUS(certcentral_add_service_user(client, &request, &robot, &err), CERTCENTRAL_STATUS_OK, &err);
    if (!CHECK_NOT_NULL(robot)) {
        return;
    }
    CHECK_INT(robot->id, >, 0);
    if (CHECK_NOT_NULL(robot->api_key)) {
        check_key_acts_as(robot->api_key, robot->id);
        CHECK_CONTAINS(robot->raw_json, robot->api_key);
    }

    certcentral_api_key *key = NULL;
    certcentral_create_api_key_request key_request = {0};
    key_request.name = "second";
    CHECK_STATUS(certcentral_create_api_key(client, robot->id, &key_request, &key, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(key) && CHECK_NOT_NULL(key->api_key)) {
        CHECK_INT(key->id, >, 0);
        check_key_acts_as(key->api_key, robot->id);
        CHECK(strcmp(key->api_key, robot->api_key) != 0);
    }
    certcentral_api_key_free(key);
    certcentral_api_key_free(NULL);
    certcentral_service_user_free(NULL);

    /* Rules apply before sending; a path id must be positive; an unknown user is not found. */
    request.restricted_to_role_id = 7;
    certcentral_service_user *none = NULL;
    CHECK_STATUS(certcentral_add_service_user(client, &request, &none, &err), CERTCENTRAL_STATUS_VALIDATION, &err);
    CHECK(none == NULL);
    key = NULL;
    CHECK_STATUS(certcentral_create_api_key(client, 0, &key_request, &key, &err), CERTCENTRAL_STATUS_VALIDATION, &err);
    CHECK_STATUS(certcentral_create_api_key(client, 987654, &key_request, &key, &err), CERTCENTRAL_STATUS_NOT_FOUND, &err);
    CHECK(key == NULL);
    certcentral_service_user_free(robot);

    /* A damaged answer still hands over the key, through the error. */
    control_discard(client, "POST", "_emulator/faults",
                    "{\"route\": \"POST user\", \"kind\": \"corrupt_field\", \"field\": \"id\", \"value\": [1], \"times\": 1}");
    request.restricted_to_role_id = 0;
    certcentral_status st = certcentral_add_service_user(client, &request, &none, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_DECODE);
    CHECK(none == NULL);
    const char *recovered = certcentral_error_one_time_key(err);
    if (CHECK_NOT_NULL(recovered)) {
        CHECK_EQ_INT(strlen(recovered), 64);
        CHECK_NOT_CONTAINS(certcentral_error_message(err), recovered);
    }
    CHECK_CONTAINS(certcentral_error_message(err), "carried out the request");
    certcentral_error_clear(&err);
}

static void test_client_with_options(void) {
    certcentral_error *err = NULL;
    certcentral_client *view = NULL;
    certcentral_user_details *me = NULL;

    /* No retries in the view; the client it came from still retries. */
    certcentral_status st = certcentral_client_with_options(client, 0, 0, NULL, &view, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_OK);
    control_discard(client, "POST", "_emulator/faults",
                    "{\"route\": \"GET user/me\", \"kind\": \"respond\", \"status\": 503, \"times\": 1}");
    st = certcentral_current_user(view, &me, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_SERVER);
    CHECK(me == NULL);
    certcentral_error_clear(&err);
    control_discard(client, "POST", "_emulator/faults",
                    "{\"route\": \"GET user/me\", \"kind\": \"respond\", \"status\": 503, \"times\": 1}");
    st = certcentral_current_user(client, &me, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_OK);
    certcentral_user_details_free(me);
    me = NULL;
    certcentral_client_free(view);
    view = NULL;

    /* A signalled view sends nothing. */
    certcentral_cancel *cancel = NULL;
    CHECK_EQ_STATUS(certcentral_cancel_new(&cancel, &err), CERTCENTRAL_STATUS_OK);
    st = certcentral_client_with_options(client, 5000, -1, cancel, &view, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_OK);
    certcentral_cancel_signal(cancel);
    certcentral_cancel_signal(cancel);
    certcentral_cancel_free(cancel);
    st = certcentral_current_user(view, &me, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_TRANSPORT);
    CHECK_CONTAINS(certcentral_error_message(err), "interrupted");
    certcentral_error_clear(&err);
    certcentral_client_free(view);
    view = NULL;

    /* What the builder refuses, the view refuses; a NULL client is named. */
    st = certcentral_client_with_options(client, 86400001, -1, NULL, &view, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_INVALID_ARGUMENT);
    CHECK_EQ_STR(certcentral_error_field(err), "timeout");
    CHECK(view == NULL);
    certcentral_error_clear(&err);
    st = certcentral_client_with_options(NULL, 0, -1, NULL, &view, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_INVALID_ARGUMENT);
    CHECK_EQ_STR(certcentral_error_field(err), "client");
    certcentral_error_clear(&err);
    certcentral_cancel_signal(NULL);
    certcentral_cancel_free(NULL);
}

int main(void) {
    client = test_client(NULL, 2, 0);
    test_version_and_status_names();
    test_client_new();
    test_builder();
    test_invites();
    test_invite_iterator();
    test_create_subaccount();
    test_add_user();
    test_create_organization();
    test_service_users_and_keys();
    test_request_json();
    test_error_statuses();
    test_client_with_options();
    certcentral_client_free(client);
    return harness_report("test_api");
}
