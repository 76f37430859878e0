/* Garbage at every export: NULL for each pointer, impossible lengths, bad UTF-8 in every string
 * field, out-of-range optional booleans. Nothing may crash, leak or send a request; each call
 * fails with INVALID_ARGUMENT naming what is wrong. Run under valgrind and ASan/UBSan. */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "harness.h"

static const char BAD[] = {(char)0xc3, (char)0x28, 0}; /* an invalid UTF-8 sequence */
static certcentral_client *client;

/* Expects INVALID_ARGUMENT whose message names `field`. */
#define EXPECT_INVALID(call, field)                               \
    do {                                                          \
        certcentral_error *e_ = NULL;                             \
        certcentral_status s_ = (call);                           \
        CHECK_EQ_STATUS(s_, CERTCENTRAL_STATUS_INVALID_ARGUMENT); \
        CHECK_CONTAINS(certcentral_error_message(e_), field);     \
        certcentral_error_clear(&e_);                               \
    } while (0)

/* Sets the char * field at `offset` of a struct copy to bad UTF-8, and expects the call to name
 * it. `call` refers to `copy`. */
#define EACH_STRING_FIELD(type, base, fields, call)                                          \
    for (size_t i_ = 0; i_ < sizeof(fields) / sizeof(fields[0]); i_++) {                     \
        type copy = (base);                                                                  \
        *(const char **)((char *)&copy + fields[i_].offset) = BAD;                           \
        EXPECT_INVALID(call, fields[i_].name);                                               \
    }

struct field {
    size_t offset;
    const char *name;
};

#define FIELD(type, member, name) {offsetof(type, member), name}

static void test_every_string_field(void) {
    static const char *emails[] = {"a@example.com"};
    certcentral_send_invite_request invite = {emails, 1, "retail", "note"};
    static const struct field invite_fields[] = {
        FIELD(certcentral_send_invite_request, subaccount_type, "subaccount_type"),
        FIELD(certcentral_send_invite_request, invite_note, "invite_note"),
    };
    EACH_STRING_FIELD(certcentral_send_invite_request, invite, invite_fields,
                      certcentral_send_invite(client, &copy, &e_));

    certcentral_list_invites_query query = {0};
    certcentral_invite_page *page = NULL;
    static const struct field query_fields[] = {
        FIELD(certcentral_list_invites_query, email, "email"),
        FIELD(certcentral_list_invites_query, subaccount_type, "subaccount_type"),
        FIELD(certcentral_list_invites_query, status, "status"),
        FIELD(certcentral_list_invites_query, date_created, "date_created"),
        FIELD(certcentral_list_invites_query, last_sent_date, "last_sent_date"),
        FIELD(certcentral_list_invites_query, search, "search"),
        FIELD(certcentral_list_invites_query, sort, "sort"),
    };
    EACH_STRING_FIELD(certcentral_list_invites_query, query, query_fields,
                      certcentral_list_invites(client, &copy, &page, &e_));
    certcentral_iter *iter = NULL;
    EACH_STRING_FIELD(certcentral_list_invites_query, query, query_fields,
                      certcentral_iter_invites(client, &copy, &iter, &e_));
    CHECK(page == NULL);
    CHECK(iter == NULL);

    /* The read side's queries: the strings of certcentral_list_params, under `list.`. */
    certcentral_user_page *users_page = NULL;
    certcentral_organization_page *orgs_page = NULL;
    certcentral_subaccount_page *subs_page = NULL;
    certcentral_iter *any = NULL;
    certcentral_list_users_query users = {0};
    static const struct field users_fields[] = {
        FIELD(certcentral_list_users_query, list.search, "list.search"),
        FIELD(certcentral_list_users_query, list.sort, "list.sort"),
    };
    EACH_STRING_FIELD(certcentral_list_users_query, users, users_fields,
                      certcentral_list_users(client, &copy, &users_page, &e_));
    EACH_STRING_FIELD(certcentral_list_users_query, users, users_fields,
                      certcentral_iter_users(client, &copy, &any, &e_));
    certcentral_list_organizations_query orgs = {0};
    static const struct field orgs_fields[] = {
        FIELD(certcentral_list_organizations_query, list.search, "list.search"),
        FIELD(certcentral_list_organizations_query, list.sort, "list.sort"),
    };
    EACH_STRING_FIELD(certcentral_list_organizations_query, orgs, orgs_fields,
                      certcentral_list_organizations(client, &copy, &orgs_page, &e_));
    EACH_STRING_FIELD(certcentral_list_organizations_query, orgs, orgs_fields,
                      certcentral_iter_organizations(client, &copy, &any, &e_));
    certcentral_list_subaccounts_query subs = {0};
    static const struct field subs_fields[] = {
        FIELD(certcentral_list_subaccounts_query, list.search, "list.search"),
        FIELD(certcentral_list_subaccounts_query, list.sort, "list.sort"),
    };
    EACH_STRING_FIELD(certcentral_list_subaccounts_query, subs, subs_fields,
                      certcentral_list_subaccounts(client, &copy, &subs_page, &e_));
    EACH_STRING_FIELD(certcentral_list_subaccounts_query, subs, subs_fields,
                      certcentral_iter_subaccounts(client, &copy, &any, &e_));
    CHECK(users_page == NULL);
    CHECK(orgs_page == NULL);
    CHECK(subs_page == NULL);
    CHECK(any == NULL);

    certcentral_create_subaccount_request sub = {0};
    certcentral_subaccount *made = NULL;
    static const struct field sub_fields[] = {
        FIELD(certcentral_create_subaccount_request, account_type, "account_type"),
        FIELD(certcentral_create_subaccount_request, child_name, "child_name"),
        FIELD(certcentral_create_subaccount_request, user.first_name, "user.first_name"),
        FIELD(certcentral_create_subaccount_request, user.last_name, "user.last_name"),
        FIELD(certcentral_create_subaccount_request, user.email, "user.email"),
        FIELD(certcentral_create_subaccount_request, user.username, "user.username"),
        FIELD(certcentral_create_subaccount_request, user.job_title, "user.job_title"),
        FIELD(certcentral_create_subaccount_request, user.telephone, "user.telephone"),
        FIELD(certcentral_create_subaccount_request, organization.name, "organization.name"),
        FIELD(certcentral_create_subaccount_request, organization.assumed_name, "organization.assumed_name"),
        FIELD(certcentral_create_subaccount_request, organization.address, "organization.address"),
        FIELD(certcentral_create_subaccount_request, organization.address2, "organization.address2"),
        FIELD(certcentral_create_subaccount_request, organization.zip, "organization.zip"),
        FIELD(certcentral_create_subaccount_request, organization.city, "organization.city"),
        FIELD(certcentral_create_subaccount_request, organization.state, "organization.state"),
        FIELD(certcentral_create_subaccount_request, organization.country, "organization.country"),
        FIELD(certcentral_create_subaccount_request, organization.telephone, "organization.telephone"),
    };
    EACH_STRING_FIELD(certcentral_create_subaccount_request, sub, sub_fields,
                      certcentral_create_subaccount(client, &copy, &made, &e_));
    CHECK(made == NULL);

    certcentral_add_user_request user = {0};
    int64_t id = 0;
    static const struct field user_fields[] = {
        FIELD(certcentral_add_user_request, username, "username"),
        FIELD(certcentral_add_user_request, first_name, "first_name"),
        FIELD(certcentral_add_user_request, last_name, "last_name"),
        FIELD(certcentral_add_user_request, email, "email"),
        FIELD(certcentral_add_user_request, job_title, "job_title"),
        FIELD(certcentral_add_user_request, telephone, "telephone"),
    };
    EACH_STRING_FIELD(certcentral_add_user_request, user, user_fields,
                      certcentral_add_user(client, &copy, &id, &e_));

    certcentral_create_organization_request org = {0};
    static const struct field org_fields[] = {
        FIELD(certcentral_create_organization_request, name, "name"),
        FIELD(certcentral_create_organization_request, assumed_name, "assumed_name"),
        FIELD(certcentral_create_organization_request, address, "address"),
        FIELD(certcentral_create_organization_request, address2, "address2"),
        FIELD(certcentral_create_organization_request, city, "city"),
        FIELD(certcentral_create_organization_request, state, "state"),
        FIELD(certcentral_create_organization_request, zip, "zip"),
        FIELD(certcentral_create_organization_request, country, "country"),
        FIELD(certcentral_create_organization_request, telephone, "telephone"),
        FIELD(certcentral_create_organization_request, organization_contact.first_name, "organization_contact.first_name"),
        FIELD(certcentral_create_organization_request, organization_contact.last_name, "organization_contact.last_name"),
        FIELD(certcentral_create_organization_request, organization_contact.job_title, "organization_contact.job_title"),
        FIELD(certcentral_create_organization_request, organization_contact.email, "organization_contact.email"),
        FIELD(certcentral_create_organization_request, organization_contact.telephone, "organization_contact.telephone"),
        FIELD(certcentral_create_organization_request, organization_contact.telephone_extension, "organization_contact.telephone_extension"),
    };
    EACH_STRING_FIELD(certcentral_create_organization_request, org, org_fields,
                      certcentral_create_organization(client, &copy, &id, &e_));

    /* The lifecycle calls' requests and queries. */
    certcentral_update_user_request update = {0};
    static const struct field update_fields[] = {
        FIELD(certcentral_update_user_request, username, "username"),
        FIELD(certcentral_update_user_request, first_name, "first_name"),
        FIELD(certcentral_update_user_request, last_name, "last_name"),
        FIELD(certcentral_update_user_request, email, "email"),
        FIELD(certcentral_update_user_request, job_title, "job_title"),
        FIELD(certcentral_update_user_request, telephone, "telephone"),
    };
    EACH_STRING_FIELD(certcentral_update_user_request, update, update_fields,
                      certcentral_update_user(client, 1, &copy, &e_));

    certcentral_list_service_users_query robots = {0};
    static const struct field robots_fields[] = {
        FIELD(certcentral_list_service_users_query, list.search, "list.search"),
        FIELD(certcentral_list_service_users_query, list.sort, "list.sort"),
    };
    EACH_STRING_FIELD(certcentral_list_service_users_query, robots, robots_fields,
                      certcentral_list_service_users(client, &copy, &users_page, &e_));
    EACH_STRING_FIELD(certcentral_list_service_users_query, robots, robots_fields,
                      certcentral_iter_service_users(client, &copy, &any, &e_));
    certcentral_list_api_keys_query keys = {0};
    certcentral_api_key_page *keys_page = NULL;
    static const struct field keys_fields[] = {
        FIELD(certcentral_list_api_keys_query, list.search, "list.search"),
        FIELD(certcentral_list_api_keys_query, list.sort, "list.sort"),
    };
    EACH_STRING_FIELD(certcentral_list_api_keys_query, keys, keys_fields,
                      certcentral_list_api_keys(client, &copy, &keys_page, &e_));
    EACH_STRING_FIELD(certcentral_list_api_keys_query, keys, keys_fields,
                      certcentral_iter_api_keys(client, &copy, &any, &e_));
    CHECK(users_page == NULL);
    CHECK(keys_page == NULL);
    CHECK(any == NULL);

    certcentral_update_api_key_request rename = {0};
    static const struct field rename_fields[] = {
        FIELD(certcentral_update_api_key_request, name, "name"),
    };
    EACH_STRING_FIELD(certcentral_update_api_key_request, rename, rename_fields,
                      certcentral_update_api_key(client, 1, &copy, &e_));

    certcentral_contact_params contact = {0};
    static const struct field contact_fields[] = {
        FIELD(certcentral_contact_params, first_name, "first_name"),
        FIELD(certcentral_contact_params, last_name, "last_name"),
        FIELD(certcentral_contact_params, email, "email"),
        FIELD(certcentral_contact_params, job_title, "job_title"),
        FIELD(certcentral_contact_params, telephone, "telephone"),
        FIELD(certcentral_contact_params, telephone_extension, "telephone_extension"),
        FIELD(certcentral_contact_params, language_id, "language_id"),
    };
    EACH_STRING_FIELD(certcentral_contact_params, contact, contact_fields,
                      certcentral_update_organization_contacts(
                          client, 1,
                          &(certcentral_update_organization_contacts_request){&copy, NULL}, &e_));
    EACH_STRING_FIELD(certcentral_contact_params, contact, contact_fields,
                      certcentral_update_organization_contacts(
                          client, 1,
                          &(certcentral_update_organization_contacts_request){NULL, &copy}, &e_));

    certcentral_verified_user_params person = {0};
    static const struct field person_fields[] = {
        FIELD(certcentral_verified_user_params, first_name, "validations[0].verified_users[0].first_name"),
        FIELD(certcentral_verified_user_params, last_name, "validations[0].verified_users[0].last_name"),
        FIELD(certcentral_verified_user_params, job_title, "validations[0].verified_users[0].job_title"),
        FIELD(certcentral_verified_user_params, telephone, "validations[0].verified_users[0].telephone"),
        FIELD(certcentral_verified_user_params, email, "validations[0].verified_users[0].email"),
    };
    EACH_STRING_FIELD(certcentral_verified_user_params, person, person_fields,
                      certcentral_submit_organization_validation(
                          client, 1, &(certcentral_validation_params){"ev", &copy, 1}, 1, &e_));
    certcentral_validation_params validation = {0};
    static const struct field validation_fields[] = {
        FIELD(certcentral_validation_params, validation_type, "validations[0].type"),
    };
    EACH_STRING_FIELD(certcentral_validation_params, validation, validation_fields,
                      certcentral_submit_organization_validation(client, 1, &copy, 1, &e_));

    certcentral_update_subaccount_request settings = {0};
    static const struct field settings_fields[] = {
        FIELD(certcentral_update_subaccount_request, child_name, "child_name"),
    };
    EACH_STRING_FIELD(certcentral_update_subaccount_request, settings, settings_fields,
                      certcentral_update_subaccount(client, 1, &copy, &e_));

    certcentral_create_container_request division = {0};
    static const struct field division_fields[] = {
        FIELD(certcentral_create_container_request, name, "name"),
        FIELD(certcentral_create_container_request, description, "description"),
    };
    EACH_STRING_FIELD(certcentral_create_container_request, division, division_fields,
                      certcentral_create_container(client, 1, &copy, &id, &e_));
}

/* Every function that takes list parameters refuses `list`, naming `field`. */
static void expect_list_refused(certcentral_list_params list, const char *field) {
    certcentral_list_users_query users = {0};
    certcentral_list_organizations_query orgs = {0};
    certcentral_list_subaccounts_query subs = {0};
    users.list = orgs.list = subs.list = list;
    certcentral_user_page *users_page = NULL;
    certcentral_organization_page *orgs_page = NULL;
    certcentral_subaccount_page *subs_page = NULL;
    certcentral_iter *iter = NULL;
    EXPECT_INVALID(certcentral_list_users(client, &users, &users_page, &e_), field);
    EXPECT_INVALID(certcentral_iter_users(client, &users, &iter, &e_), field);
    EXPECT_INVALID(certcentral_list_organizations(client, &orgs, &orgs_page, &e_), field);
    EXPECT_INVALID(certcentral_iter_organizations(client, &orgs, &iter, &e_), field);
    EXPECT_INVALID(certcentral_list_subaccounts(client, &subs, &subs_page, &e_), field);
    EXPECT_INVALID(certcentral_iter_subaccounts(client, &subs, &iter, &e_), field);
    CHECK(users_page == NULL);
    CHECK(orgs_page == NULL);
    CHECK(subs_page == NULL);
    CHECK(iter == NULL);
}

static void test_list_filters(void) {
    static const char *names[] = {"status", "validation"};
    static const char *values[] = {"active", "not_pending"};
    certcentral_list_params list = {0};
    list.filter_names = names;
    list.filter_values = values;

    list.filters_len = SIZE_MAX;
    expect_list_refused(list, "list.filter_names");
    list.filters_len = SIZE_MAX / 2;
    expect_list_refused(list, "impossible length");
    list.filters_len = 2;
    list.filter_names = NULL;
    expect_list_refused(list, "list.filter_names");
    list.filter_names = names;
    list.filter_values = NULL;
    expect_list_refused(list, "list.filter_values");

    const char *bad_name[] = {"status", BAD};
    const char *bad_value[] = {"active", BAD};
    const char *null_name[] = {"status", NULL};
    const char *null_value[] = {NULL, "x"};
    const char *twice[] = {"status", "status"};
    list.filter_values = values;
    list.filter_names = bad_name;
    expect_list_refused(list, "list.filter_names[1]");
    list.filter_names = null_name;
    expect_list_refused(list, "list.filter_names[1]");
    list.filter_names = twice;
    expect_list_refused(list, "list.filter_names[1]");
    list.filter_names = names;
    list.filter_values = bad_value;
    expect_list_refused(list, "list.filter_values[1]");
    list.filter_values = null_value;
    expect_list_refused(list, "list.filter_values[0]");

    certcentral_list_users_query users = {0};
    certcentral_user_page *users_page = NULL;
    certcentral_iter *iter = NULL;
    users.without_container = 3;
    EXPECT_INVALID(certcentral_list_users(client, &users, &users_page, &e_), "without_container");
    EXPECT_INVALID(certcentral_iter_users(client, &users, &iter, &e_), "without_container");
    certcentral_list_organizations_query orgs = {0};
    certcentral_organization_page *orgs_page = NULL;
    orgs.include_validation = 255;
    EXPECT_INVALID(certcentral_list_organizations(client, &orgs, &orgs_page, &e_), "include_validation");
    EXPECT_INVALID(certcentral_iter_organizations(client, &orgs, &iter, &e_), "include_validation");
    CHECK(users_page == NULL);
    CHECK(orgs_page == NULL);
    CHECK(iter == NULL);
}

static void test_lengths_and_booleans(void) {
    static const char *emails[] = {"a@example.com"};
    certcentral_send_invite_request invite = {emails, SIZE_MAX, "retail", NULL};
    EXPECT_INVALID(certcentral_send_invite(client, &invite, &e_), "emails");
    invite.emails_len = SIZE_MAX / 2;
    EXPECT_INVALID(certcentral_send_invite(client, &invite, &e_), "impossible length");

    certcentral_create_subaccount_request sub = {0};
    certcentral_subaccount *made = NULL;
    sub.allowed_grandchildren = NULL;
    sub.allowed_grandchildren_len = 5;
    EXPECT_INVALID(certcentral_create_subaccount(client, &sub, &made, &e_), "allowed_grandchildren");
    sub.allowed_grandchildren_len = 0;
    for (int value = 3; value <= 255; value += 84) {
        sub.bill_parent = (certcentral_optional_bool)value;
        EXPECT_INVALID(certcentral_create_subaccount(client, &sub, &made, &e_), "bill_parent");
    }

    int64_t roles[] = {5};
    certcentral_add_user_request user = {0};
    int64_t id = 0;
    user.access_role_ids = roles;
    user.access_role_ids_len = SIZE_MAX;
    EXPECT_INVALID(certcentral_add_user(client, &user, &id, &e_), "access_role_ids");
    user.access_role_ids_len = 1;
    user.container_id_assignments_len = 3;
    EXPECT_INVALID(certcentral_add_user(client, &user, &id, &e_), "container_id_assignments");
    user.container_id_assignments_len = 0;
    user.is_saml_sso_only = 9;
    EXPECT_INVALID(certcentral_add_user(client, &user, &id, &e_), "is_saml_sso_only");

    certcentral_create_organization_request org = {0};
    org.skip_duplicate_org_check = 200;
    EXPECT_INVALID(certcentral_create_organization(client, &org, &id, &e_), "skip_duplicate_org_check");

    /* The lifecycle calls' id lists and optional booleans. */
    EXPECT_INVALID(certcentral_set_user_roles(client, 1, roles, SIZE_MAX, &e_), "access_role_ids");
    EXPECT_INVALID(certcentral_set_user_roles(client, 1, NULL, 2, &e_), "access_role_ids");
    EXPECT_INVALID(certcentral_set_user_containers(client, 1, roles, SIZE_MAX / 2, &e_),
                   "impossible length");
    EXPECT_INVALID(certcentral_set_user_containers(client, 1, NULL, 1, &e_), "container_ids");
    EXPECT_INVALID(certcentral_set_container_users(client, 1, roles, SIZE_MAX, &e_), "user_ids");
    EXPECT_INVALID(certcentral_set_container_users(client, 1, NULL, 4, &e_), "user_ids");
    certcentral_validation_params ov = {"ov", NULL, 0};
    EXPECT_INVALID(certcentral_submit_organization_validation(client, 1, &ov, SIZE_MAX, &e_),
                   "validations");
    EXPECT_INVALID(certcentral_submit_organization_validation(client, 1, NULL, 2, &e_),
                   "validations");
    certcentral_validation_params ev = {"ev", NULL, 3};
    EXPECT_INVALID(certcentral_submit_organization_validation(client, 1, &ev, 1, &e_),
                   "validations[0].verified_users");
    certcentral_update_user_request update = {0};
    update.is_saml_sso_only = 4;
    EXPECT_INVALID(certcentral_update_user(client, 1, &update, &e_), "is_saml_sso_only");
    certcentral_update_subaccount_request settings = {0};
    settings.bill_parent = 255;
    EXPECT_INVALID(certcentral_update_subaccount(client, 1, &settings, &e_), "bill_parent");
    certcentral_list_service_users_query robots = {0};
    certcentral_user_page *robots_page = NULL;
    certcentral_iter *iter = NULL;
    robots.without_container = 3;
    EXPECT_INVALID(certcentral_list_service_users(client, &robots, &robots_page, &e_),
                   "without_container");
    EXPECT_INVALID(certcentral_iter_service_users(client, &robots, &iter, &e_),
                   "without_container");
    CHECK(robots_page == NULL);
    CHECK(iter == NULL);

    certcentral_client_builder *b = NULL;
    certcentral_error *err = NULL;
    CHECK_STATUS(certcentral_client_builder_new(&b, &err), CERTCENTRAL_STATUS_OK, &err);
    certcentral_rate_window w = {1, 1};
    EXPECT_INVALID(certcentral_client_builder_rate_limit_windows(b, &w, SIZE_MAX, &e_), "windows");
    certcentral_client_builder_free(b);
}

static void test_null_everywhere(void) {
    certcentral_send_invite_request invite = {0};
    certcentral_list_invites_query query = {0};
    certcentral_create_subaccount_request sub = {0};
    certcentral_add_user_request user = {0};
    certcentral_create_organization_request org = {0};
    certcentral_add_service_user_request robot = {0};
    certcentral_create_api_key_request key_request = {0};
    certcentral_service_user *robot_out = NULL;
    certcentral_api_key *key_out = NULL;
    certcentral_invite_page *page = NULL;
    certcentral_subaccount *made = NULL;
    certcentral_client *new_client = NULL;
    certcentral_client_builder *builder = NULL;
    char *response = NULL;
    int64_t id = 0;

    EXPECT_INVALID(certcentral_client_new("k", "http://127.0.0.1:9/", NULL, &e_), "out");
    /* The arguments come before the out-pointer (the header's order). */
    EXPECT_INVALID(certcentral_client_new(BAD, "http://127.0.0.1:9/", NULL, &e_), "api_key");
    EXPECT_INVALID(certcentral_client_new("k", BAD, NULL, &e_), "base_url");
    EXPECT_INVALID(certcentral_client_new(BAD, "http://127.0.0.1:9/", &new_client, &e_), "api_key");
    EXPECT_INVALID(certcentral_client_new("k", BAD, &new_client, &e_), "base_url");
    EXPECT_INVALID(certcentral_client_builder_new(NULL, &e_), "out");
    EXPECT_INVALID(certcentral_client_builder_api_key(NULL, "k", &e_), "builder");
    EXPECT_INVALID(certcentral_client_builder_region(NULL, "us", &e_), "builder");
    EXPECT_INVALID(certcentral_client_builder_base_url(NULL, "x", &e_), "builder");
    EXPECT_INVALID(certcentral_client_builder_timeout_ms(NULL, 1, &e_), "builder");
    EXPECT_INVALID(certcentral_client_builder_connect_timeout_ms(NULL, 1, &e_), "builder");
    EXPECT_INVALID(certcentral_client_builder_max_retries(NULL, 1, &e_), "builder");
    EXPECT_INVALID(certcentral_client_builder_backoff_ms(NULL, 1, 2, &e_), "builder");
    EXPECT_INVALID(certcentral_client_builder_rate_limit(NULL, true, &e_), "builder");
    EXPECT_INVALID(certcentral_client_builder_rate_limit_windows(NULL, NULL, 0, &e_), "builder");
    EXPECT_INVALID(certcentral_client_builder_max_rate_limit_wait_ms(NULL, 1, &e_), "builder");
    EXPECT_INVALID(certcentral_client_builder_max_retry_after_ms(NULL, 1, &e_), "builder");
    EXPECT_INVALID(certcentral_client_builder_user_agent_suffix(NULL, "x", &e_), "builder");
    EXPECT_INVALID(certcentral_client_builder_max_response_bytes(NULL, 1, &e_), "builder");
    EXPECT_INVALID(certcentral_client_builder_build(NULL, &new_client, &e_), "builder");
    certcentral_error *err = NULL;
    CHECK_STATUS(certcentral_client_builder_new(&builder, &err), CERTCENTRAL_STATUS_OK, &err);
    EXPECT_INVALID(certcentral_client_builder_api_key(builder, NULL, &e_), "api_key");
    EXPECT_INVALID(certcentral_client_builder_api_key(builder, BAD, &e_), "api_key");
    EXPECT_INVALID(certcentral_client_builder_region(builder, NULL, &e_), "region");
    EXPECT_INVALID(certcentral_client_builder_base_url(builder, NULL, &e_), "base_url");
    EXPECT_INVALID(certcentral_client_builder_user_agent_suffix(builder, BAD, &e_), "suffix");
    EXPECT_INVALID(certcentral_client_builder_build(builder, NULL, &e_), "out");
    certcentral_client_builder_free(builder);

    EXPECT_INVALID(certcentral_send_invite(NULL, &invite, &e_), "client");
    EXPECT_INVALID(certcentral_send_invite(client, NULL, &e_), "request");
    EXPECT_INVALID(certcentral_list_invites(NULL, &query, &page, &e_), "client");
    EXPECT_INVALID(certcentral_list_invites(client, &query, NULL, &e_), "out");
    EXPECT_INVALID(certcentral_create_subaccount(NULL, &sub, &made, &e_), "client");
    EXPECT_INVALID(certcentral_create_subaccount(client, NULL, &made, &e_), "request");
    EXPECT_INVALID(certcentral_create_subaccount(client, &sub, NULL, &e_), "out");
    EXPECT_INVALID(certcentral_add_user(NULL, &user, &id, &e_), "client");
    EXPECT_INVALID(certcentral_add_user(client, NULL, &id, &e_), "request");
    EXPECT_INVALID(certcentral_add_user(client, &user, NULL, &e_), "user_id");
    EXPECT_INVALID(certcentral_create_organization(NULL, &org, &id, &e_), "client");
    EXPECT_INVALID(certcentral_create_organization(client, NULL, &id, &e_), "request");
    EXPECT_INVALID(certcentral_create_organization(client, &org, NULL, &e_), "organization_id");
    EXPECT_INVALID(certcentral_add_service_user(NULL, &robot, &robot_out, &e_), "client");
    EXPECT_INVALID(certcentral_add_service_user(client, NULL, &robot_out, &e_), "request");
    EXPECT_INVALID(certcentral_add_service_user(client, &robot, NULL, &e_), "out");
    robot.email = BAD;
    EXPECT_INVALID(certcentral_add_service_user(client, &robot, &robot_out, &e_), "email");
    robot.email = "r@example.com";
    robot.container_id_assignments_len = 3;
    EXPECT_INVALID(certcentral_add_service_user(client, &robot, &robot_out, &e_), "container_id_assignments");
    EXPECT_INVALID(certcentral_create_api_key(NULL, 1, &key_request, &key_out, &e_), "client");
    EXPECT_INVALID(certcentral_create_api_key(client, 1, NULL, &key_out, &e_), "request");
    EXPECT_INVALID(certcentral_create_api_key(client, 1, &key_request, NULL, &e_), "out");
    key_request.name = BAD;
    EXPECT_INVALID(certcentral_create_api_key(client, 1, &key_request, &key_out, &e_), "name");
    EXPECT_INVALID(certcentral_request_json(NULL, "GET", "user/me", NULL, &response, &e_), "client");
    EXPECT_INVALID(certcentral_request_json(client, NULL, "user/me", NULL, &response, &e_), "method");
    EXPECT_INVALID(certcentral_request_json(client, "GET", NULL, NULL, &response, &e_), "path");
    EXPECT_INVALID(certcentral_request_json(client, "POST", "user", BAD, &response, &e_), "body_json");
    EXPECT_INVALID(certcentral_request_json(client, "GET", "user/me", NULL, NULL, &e_), "response_json");

    /* The read side. */
    certcentral_list_users_query users = {0};
    certcentral_list_organizations_query orgs = {0};
    certcentral_list_subaccounts_query subs = {0};
    certcentral_user_page *users_page = NULL;
    certcentral_organization_page *orgs_page = NULL;
    certcentral_subaccount_page *subs_page = NULL;
    certcentral_user_details *user_out = NULL;
    certcentral_organization_details *org_out = NULL;
    certcentral_subaccount_details *sub_out = NULL;
    certcentral_container_details *container_out = NULL;
    certcentral_container_list *containers = NULL;
    certcentral_role_list *roles = NULL;
    certcentral_iter *any = NULL;
    const void *record = NULL;
    EXPECT_INVALID(certcentral_list_users(NULL, &users, &users_page, &e_), "client");
    EXPECT_INVALID(certcentral_list_users(client, &users, NULL, &e_), "out");
    EXPECT_INVALID(certcentral_get_user(NULL, 1, &user_out, &e_), "client");
    EXPECT_INVALID(certcentral_get_user(client, 1, NULL, &e_), "out");
    EXPECT_INVALID(certcentral_current_user(NULL, &user_out, &e_), "client");
    EXPECT_INVALID(certcentral_current_user(client, NULL, &e_), "out");
    EXPECT_INVALID(certcentral_list_organizations(NULL, &orgs, &orgs_page, &e_), "client");
    EXPECT_INVALID(certcentral_list_organizations(client, &orgs, NULL, &e_), "out");
    EXPECT_INVALID(certcentral_get_organization(NULL, 1, &org_out, &e_), "client");
    EXPECT_INVALID(certcentral_get_organization(client, 1, NULL, &e_), "out");
    EXPECT_INVALID(certcentral_list_subaccounts(NULL, &subs, &subs_page, &e_), "client");
    EXPECT_INVALID(certcentral_list_subaccounts(client, &subs, NULL, &e_), "out");
    EXPECT_INVALID(certcentral_get_subaccount(NULL, 1, &sub_out, &e_), "client");
    EXPECT_INVALID(certcentral_get_subaccount(client, 1, NULL, &e_), "out");
    EXPECT_INVALID(certcentral_list_containers(NULL, &containers, &e_), "client");
    EXPECT_INVALID(certcentral_list_containers(client, NULL, &e_), "out");
    EXPECT_INVALID(certcentral_get_container(NULL, 1, &container_out, &e_), "client");
    EXPECT_INVALID(certcentral_get_container(client, 1, NULL, &e_), "out");
    EXPECT_INVALID(certcentral_list_access_roles(NULL, 1, &roles, &e_), "client");
    EXPECT_INVALID(certcentral_list_access_roles(client, 1, NULL, &e_), "out");
    EXPECT_INVALID(certcentral_list_api_key_roles(NULL, &roles, &e_), "client");
    EXPECT_INVALID(certcentral_list_api_key_roles(client, NULL, &e_), "out");
    EXPECT_INVALID(certcentral_iter_users(NULL, &users, &any, &e_), "client");
    EXPECT_INVALID(certcentral_iter_users(client, &users, NULL, &e_), "out");
    EXPECT_INVALID(certcentral_iter_organizations(NULL, &orgs, &any, &e_), "client");
    EXPECT_INVALID(certcentral_iter_organizations(client, &orgs, NULL, &e_), "out");
    EXPECT_INVALID(certcentral_iter_subaccounts(NULL, &subs, &any, &e_), "client");
    EXPECT_INVALID(certcentral_iter_subaccounts(client, &subs, NULL, &e_), "out");
    EXPECT_INVALID(certcentral_iter_invites(NULL, &query, &any, &e_), "client");
    EXPECT_INVALID(certcentral_iter_invites(client, &query, NULL, &e_), "out");
    EXPECT_INVALID(certcentral_iter_next(NULL, &record, &e_), "iter");
    CHECK_STATUS(certcentral_iter_users(client, NULL, &any, &err), CERTCENTRAL_STATUS_OK, &err);
    EXPECT_INVALID(certcentral_iter_next(any, NULL, &e_), "record");
    certcentral_iter_free(any);
    CHECK(users_page == NULL && orgs_page == NULL && subs_page == NULL);
    CHECK(user_out == NULL && org_out == NULL && sub_out == NULL && container_out == NULL);
    CHECK(containers == NULL && roles == NULL && record == NULL);

    /* The lifecycle calls. */
    certcentral_update_user_request update = {0};
    certcentral_list_service_users_query robots = {0};
    certcentral_list_api_keys_query keys = {0};
    certcentral_update_api_key_request rename = {0};
    certcentral_update_organization_contacts_request contacts = {0};
    certcentral_update_subaccount_request settings = {0};
    certcentral_create_container_request division = {0};
    certcentral_validation_params ov = {"ov", NULL, 0};
    certcentral_api_key_page *keys_page = NULL;
    certcentral_api_key_details *key_details = NULL;
    certcentral_validation_list *validations = NULL;
    int64_t ids[] = {1};
    EXPECT_INVALID(certcentral_update_user(NULL, 1, &update, &e_), "client");
    EXPECT_INVALID(certcentral_update_user(client, 1, NULL, &e_), "request");
    EXPECT_INVALID(certcentral_delete_user(NULL, 1, &e_), "client");
    EXPECT_INVALID(certcentral_set_user_roles(NULL, 1, ids, 1, &e_), "client");
    EXPECT_INVALID(certcentral_set_user_containers(NULL, 1, ids, 1, &e_), "client");
    EXPECT_INVALID(certcentral_list_service_users(NULL, &robots, &users_page, &e_), "client");
    EXPECT_INVALID(certcentral_list_service_users(client, &robots, NULL, &e_), "out");
    EXPECT_INVALID(certcentral_iter_service_users(NULL, &robots, &any, &e_), "client");
    EXPECT_INVALID(certcentral_iter_service_users(client, &robots, NULL, &e_), "out");
    EXPECT_INVALID(certcentral_list_api_keys(NULL, &keys, &keys_page, &e_), "client");
    EXPECT_INVALID(certcentral_list_api_keys(client, &keys, NULL, &e_), "out");
    EXPECT_INVALID(certcentral_iter_api_keys(NULL, &keys, &any, &e_), "client");
    EXPECT_INVALID(certcentral_iter_api_keys(client, &keys, NULL, &e_), "out");
    EXPECT_INVALID(certcentral_get_api_key(NULL, 1, &key_details, &e_), "client");
    EXPECT_INVALID(certcentral_get_api_key(client, 1, NULL, &e_), "out");
    EXPECT_INVALID(certcentral_update_api_key(NULL, 1, &rename, &e_), "client");
    EXPECT_INVALID(certcentral_update_api_key(client, 1, NULL, &e_), "request");
    EXPECT_INVALID(certcentral_revoke_api_key(NULL, 1, &e_), "client");
    EXPECT_INVALID(certcentral_activate_api_key(NULL, 1, &e_), "client");
    EXPECT_INVALID(certcentral_delete_organization(NULL, 1, &e_), "client");
    EXPECT_INVALID(certcentral_update_organization_contacts(NULL, 1, &contacts, &e_), "client");
    EXPECT_INVALID(certcentral_update_organization_contacts(client, 1, NULL, &e_), "request");
    EXPECT_INVALID(certcentral_submit_organization_validation(NULL, 1, &ov, 1, &e_), "client");
    EXPECT_INVALID(certcentral_get_organization_validations(NULL, 1, &validations, &e_), "client");
    EXPECT_INVALID(certcentral_get_organization_validations(client, 1, NULL, &e_), "out");
    EXPECT_INVALID(certcentral_update_subaccount(NULL, 1, &settings, &e_), "client");
    EXPECT_INVALID(certcentral_update_subaccount(client, 1, NULL, &e_), "request");
    EXPECT_INVALID(certcentral_create_container(NULL, 1, &division, &id, &e_), "client");
    EXPECT_INVALID(certcentral_create_container(client, 1, NULL, &id, &e_), "request");
    EXPECT_INVALID(certcentral_create_container(client, 1, &division, NULL, &e_), "container_id");
    EXPECT_INVALID(certcentral_list_child_containers(NULL, 1, &containers, &e_), "client");
    EXPECT_INVALID(certcentral_list_child_containers(client, 1, NULL, &e_), "out");
    EXPECT_INVALID(certcentral_set_container_users(NULL, 1, ids, 1, &e_), "client");
    CHECK(users_page == NULL && keys_page == NULL && key_details == NULL);
    CHECK(validations == NULL && containers == NULL && any == NULL);

    /* Calls with err == NULL still report through the status. */
    CHECK_EQ_STATUS(certcentral_send_invite(NULL, NULL, NULL), CERTCENTRAL_STATUS_INVALID_ARGUMENT);

    /* Frees and accessors accept NULL. */
    certcentral_client_free(NULL);
    certcentral_client_builder_free(NULL);
    certcentral_invite_page_free(NULL);
    certcentral_subaccount_free(NULL);
    certcentral_service_user_free(NULL);
    certcentral_api_key_free(NULL);
    certcentral_error_free(NULL);
    certcentral_string_free(NULL);
    certcentral_user_page_free(NULL);
    certcentral_organization_page_free(NULL);
    certcentral_subaccount_page_free(NULL);
    certcentral_user_details_free(NULL);
    certcentral_organization_details_free(NULL);
    certcentral_subaccount_details_free(NULL);
    certcentral_container_details_free(NULL);
    certcentral_container_list_free(NULL);
    certcentral_role_list_free(NULL);
    certcentral_api_key_details_free(NULL);
    certcentral_api_key_page_free(NULL);
    certcentral_validation_list_free(NULL);
    certcentral_iter_free(NULL);
    CHECK_EQ_INT(certcentral_iter_total(NULL), -1);
    CHECK_EQ_INT(certcentral_iter_fetched(NULL), 0);
    CHECK_EQ_STR(certcentral_error_api_error_code(NULL, SIZE_MAX), NULL);
    CHECK_EQ_STR(certcentral_status_name(INT_MIN), "unknown");
    CHECK_EQ_STR(certcentral_status_name(INT_MAX), "unknown");
}

/* *err must be NULL on entry: otherwise nothing is done, *err is left alone, and the status
 * says so; certcentral_error_clear frees and resets. */
static void test_error_pointer_contract(void) {
    certcentral_error *err = NULL;
    int64_t id = 0;
    certcentral_add_user_request user = {0};
    /* Arguments are named in order: the request before the out-pointer. */
    CHECK_EQ_STATUS(certcentral_add_user(client, NULL, NULL, &err), CERTCENTRAL_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(certcentral_error_message(err), "`request`");
    certcentral_error *kept = err;
    char *before = control(client, "GET", "_emulator/stats", NULL);
    certcentral_status st = certcentral_add_user(client, &user, &id, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_INVALID_ARGUMENT);
    CHECK(err == kept);
    CHECK_CONTAINS(certcentral_error_message(err), "`request`");
    char *after = control(client, "GET", "_emulator/stats", NULL);
    /* Only the two control calls came in between: nothing was sent for the refused call. */
    CHECK_EQ_STR(strstr(after, "\"POST user\""), NULL);
    certcentral_string_free(before);
    certcentral_string_free(after);
    certcentral_error_clear(&err);
    CHECK(err == NULL);
    certcentral_error_clear(&err);
    certcentral_error_clear(NULL);
    /* A freed error left in the variable (a stale pointer) is refused, never freed again. */
    CHECK_EQ_STATUS(certcentral_add_user(client, NULL, &id, &err), CERTCENTRAL_STATUS_INVALID_ARGUMENT);
    certcentral_error *stale = err;
    certcentral_error_free(err);
    CHECK_EQ_STATUS(certcentral_add_user(client, &user, &id, &err), CERTCENTRAL_STATUS_INVALID_ARGUMENT);
    CHECK(err == stale);
    err = NULL;
}

int main(void) {
    client = test_client(NULL, 0, 0);
    test_every_string_field();
    test_lengths_and_booleans();
    test_list_filters();
    test_null_everywhere();
    test_error_pointer_contract();
    /* None of it reached the server. */
    char *stats = control(client, "GET", "_emulator/stats", NULL);
    CHECK_CONTAINS(stats, "\"requests\":{}");
    certcentral_string_free(stats);
    certcentral_client_free(client);
    return harness_report("test_garbage");
}
