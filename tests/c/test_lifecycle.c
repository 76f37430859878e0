/* The lifecycle calls of the C ABI against the emulator: changing and deleting users, their
 * roles and divisions, service users, API keys (list, details, rename, revoke, activate),
 * divisions (create, children, user assignments), organization contacts and validations,
 * subaccount settings; and every refusal of a bad argument, which names it and never crashes. */
#include <stdint.h>

#include "harness.h"

/* The emulator's fixed ids (src/emulator/state.rs). */
#define ADMIN_USER_ID 100000
#define ROOT_CONTAINER_ID 300000

/* No iteration in this suite may run longer than this many records. */
#define BOUND 10000

static certcentral_client *client;

/* A call refused before anything was sent: its status, and the argument or field it names. */
#define CHECK_REFUSED(call, expected_status, expected_field) \
    check_refused(__FILE__, __LINE__, #call, (call), &err, (expected_status), (expected_field))

static void check_refused(const char *file, int line, const char *expr, certcentral_status got,
                          certcentral_error **err, certcentral_status expected,
                          const char *field) {
    check_eq_status(file, line, expr, got, expected);
    const char *named = *err ? certcentral_error_field(*err) : NULL;
    check_eq_str(file, line, "the field named", named, field);
    if (*err != NULL) {
        /* Nothing was sent: no HTTP status, no API errors. */
        check_int(file, line, "http_status == 0", certcentral_error_http_status(*err) == 0,
                  certcentral_error_http_status(*err), 0);
        check_int(file, line, "api_errors_len == 0", certcentral_error_api_errors_len(*err) == 0,
                  (intmax_t)certcentral_error_api_errors_len(*err), 0);
    }
    certcentral_error_clear(err);
}

/* A fresh standard user with a job title and a telephone; returns its id. */
static int64_t add_user(const char *username, int64_t role) {
    certcentral_error *err = NULL;
    char email[128];
    snprintf(email, sizeof email, "%s@lifecycle.example", username);
    int64_t roles[] = {role};
    certcentral_add_user_request request = {0};
    request.username = username;
    request.first_name = "Ada";
    request.last_name = "Lovelace";
    request.email = email;
    request.job_title = "Analyst";
    request.telephone = "555-0100";
    request.access_role_ids = roles;
    request.access_role_ids_len = 1;
    int64_t id = 0;
    CHECK_STATUS(certcentral_add_user(client, &request, &id, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_INT(id, >, 0);
    return id;
}

/* A new division under the root container; returns its id. */
static int64_t create_division(const char *name) {
    certcentral_error *err = NULL;
    certcentral_create_container_request request = {0};
    request.name = name;
    request.template_id = 6;
    request.description = "made by test_lifecycle";
    int64_t id = 0;
    CHECK_STATUS(certcentral_create_container(client, ROOT_CONTAINER_ID, &request, &id, &err),
                 CERTCENTRAL_STATUS_OK, &err);
    CHECK_INT(id, >, 0);
    return id;
}

static void test_update_user_keeps_unnamed_fields(void) {
    certcentral_error *err = NULL;
    int64_t id = add_user("ada.update", 5);

    /* Only the first name: the server erases what a PUT leaves out, the library must not. */
    certcentral_update_user_request change = {0};
    change.first_name = "Augusta";
    CHECK_STATUS(certcentral_update_user(client, id, &change, &err), CERTCENTRAL_STATUS_OK, &err);

    certcentral_user_details *user = NULL;
    CHECK_STATUS(certcentral_get_user(client, id, &user, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(user)) {
        CHECK_EQ_STR(user->first_name, "Augusta");
        CHECK_EQ_STR(user->last_name, "Lovelace");
        CHECK_EQ_STR(user->email, "ada.update@lifecycle.example");
        CHECK_EQ_STR(user->username, "ada.update");
        CHECK_EQ_STR(user->job_title, "Analyst");
        CHECK_EQ_STR(user->telephone, "555-0100");
    }
    certcentral_user_details_free(user);

    /* Two fields at once, one of them erased by nobody. */
    certcentral_update_user_request more = {0};
    more.job_title = "Countess";
    more.last_name = "King";
    CHECK_STATUS(certcentral_update_user(client, id, &more, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_get_user(client, id, &user, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(user)) {
        CHECK_EQ_STR(user->first_name, "Augusta");
        CHECK_EQ_STR(user->last_name, "King");
        CHECK_EQ_STR(user->job_title, "Countess");
        CHECK_EQ_STR(user->telephone, "555-0100");
    }
    certcentral_user_details_free(user);

    /* Refusals: nothing to change, bad values, bad ids, NULL. */
    certcentral_update_user_request nothing = {0};
    CHECK_REFUSED(certcentral_update_user(client, id, &nothing, &err), CERTCENTRAL_STATUS_VALIDATION,
                  "request");
    CHECK_REFUSED(certcentral_update_user(client, id, NULL, &err),
                  CERTCENTRAL_STATUS_INVALID_ARGUMENT, "request");
    CHECK_REFUSED(certcentral_update_user(NULL, id, &change, &err),
                  CERTCENTRAL_STATUS_INVALID_ARGUMENT, "client");
    CHECK_REFUSED(certcentral_update_user(client, 0, &change, &err), CERTCENTRAL_STATUS_VALIDATION,
                  "user_id");
    certcentral_update_user_request bad_email = {0};
    bad_email.email = "not an address";
    CHECK_REFUSED(certcentral_update_user(client, id, &bad_email, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "email");
    certcentral_update_user_request bad_bool = {0};
    bad_bool.is_saml_sso_only = 7;
    CHECK_REFUSED(certcentral_update_user(client, id, &bad_bool, &err),
                  CERTCENTRAL_STATUS_INVALID_ARGUMENT, "is_saml_sso_only");
    certcentral_update_user_request bad_utf8 = {0};
    bad_utf8.first_name = "\xff\xfe";
    CHECK_REFUSED(certcentral_update_user(client, id, &bad_utf8, &err),
                  CERTCENTRAL_STATUS_INVALID_ARGUMENT, "first_name");
    /* Without `err` the status still tells. */
    CHECK_EQ_STATUS(certcentral_update_user(client, id, NULL, NULL),
                    CERTCENTRAL_STATUS_INVALID_ARGUMENT);

    /* A user that does not exist: the read before the write says so. */
    CHECK_STATUS(certcentral_update_user(client, 999999999, &change, &err),
                 CERTCENTRAL_STATUS_NOT_FOUND, &err);
}

static void test_delete_user(void) {
    certcentral_error *err = NULL;
    int64_t id = add_user("ada.delete", 5);
    CHECK_STATUS(certcentral_delete_user(client, id, &err), CERTCENTRAL_STATUS_OK, &err);

    certcentral_user_details *user = NULL;
    CHECK_EQ_STATUS(certcentral_get_user(client, id, &user, &err), CERTCENTRAL_STATUS_NOT_FOUND);
    CHECK(user == NULL);
    certcentral_user_details_free(user); /* in case it was found after all */
    if (CHECK_NOT_NULL(err)) {
        CHECK_EQ_INT(certcentral_error_http_status(err), 404);
    }
    certcentral_error_clear(&err);

    /* Gone from the list too. */
    certcentral_list_users_query query = {0};
    query.list.search = "ada.delete";
    certcentral_user_page *page = NULL;
    CHECK_STATUS(certcentral_list_users(client, &query, &page, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(page)) {
        for (size_t i = 0; i < page->users_len; i++) {
            CHECK(page->users[i].id != id);
        }
    }
    certcentral_user_page_free(page);

    /* A 404 on the first attempt stays NOT_FOUND. */
    CHECK_STATUS(certcentral_delete_user(client, id, &err), CERTCENTRAL_STATUS_NOT_FOUND, &err);
    CHECK_REFUSED(certcentral_delete_user(client, 0, &err), CERTCENTRAL_STATUS_VALIDATION,
                  "user_id");
    CHECK_REFUSED(certcentral_delete_user(client, -5, &err), CERTCENTRAL_STATUS_VALIDATION,
                  "user_id");
    CHECK_REFUSED(certcentral_delete_user(NULL, id, &err), CERTCENTRAL_STATUS_INVALID_ARGUMENT,
                  "client");
}

/* The ids of a user's access roles, in order, into `ids`; returns how many (-1: no user). */
static long user_roles(int64_t user_id, int64_t *ids, size_t cap) {
    certcentral_error *err = NULL;
    certcentral_user_details *user = NULL;
    CHECK_STATUS(certcentral_get_user(client, user_id, &user, &err), CERTCENTRAL_STATUS_OK, &err);
    if (user == NULL) {
        return -1;
    }
    long n = (long)user->access_roles_len;
    for (size_t i = 0; i < user->access_roles_len && i < cap; i++) {
        ids[i] = user->access_roles[i].id;
    }
    certcentral_user_details_free(user);
    return n;
}

static void test_set_user_roles_replaces_them(void) {
    certcentral_error *err = NULL;
    int64_t id = add_user("ada.roles", 5);
    int64_t got[8] = {0};

    int64_t manager[] = {4};
    CHECK_STATUS(certcentral_set_user_roles(client, id, manager, 1, &err), CERTCENTRAL_STATUS_OK,
                 &err);
    CHECK_EQ_INT(user_roles(id, got, 8), 1);
    CHECK_EQ_INT(got[0], 4);

    int64_t two[] = {2, 3};
    CHECK_STATUS(certcentral_set_user_roles(client, id, two, 2, &err), CERTCENTRAL_STATUS_OK, &err);
    long n = user_roles(id, got, 8);
    CHECK_EQ_INT(n, 2);
    if (n == 2) {
        /* The whole set, and nothing of the one before. */
        CHECK((got[0] == 2 && got[1] == 3) || (got[0] == 3 && got[1] == 2));
    }

    CHECK_REFUSED(certcentral_set_user_roles(client, id, two, 0, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "access_roles");
    CHECK_REFUSED(certcentral_set_user_roles(client, id, NULL, 2, &err),
                  CERTCENTRAL_STATUS_INVALID_ARGUMENT, "access_role_ids");
    int64_t bad[] = {4, 0};
    CHECK_REFUSED(certcentral_set_user_roles(client, id, bad, 2, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "access_roles[1]");
    CHECK_REFUSED(certcentral_set_user_roles(client, 0, two, 2, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "user_id");
    CHECK_REFUSED(certcentral_set_user_roles(NULL, id, two, 2, &err),
                  CERTCENTRAL_STATUS_INVALID_ARGUMENT, "client");
    /* Nothing refused changed anything. */
    CHECK_EQ_INT(user_roles(id, got, 8), 2);
}

static void test_set_user_containers_replaces_them(void) {
    certcentral_error *err = NULL;
    int64_t id = add_user("ada.divisions", 5);
    int64_t first = create_division("Lifecycle East");
    int64_t second = create_division("Lifecycle West");
    char first_id[32], second_id[32];
    snprintf(first_id, sizeof first_id, "%lld", (long long)first);
    snprintf(second_id, sizeof second_id, "%lld", (long long)second);

    int64_t one[] = {first};
    CHECK_STATUS(certcentral_set_user_containers(client, id, one, 1, &err), CERTCENTRAL_STATUS_OK,
                 &err);
    certcentral_user_details *user = NULL;
    CHECK_STATUS(certcentral_get_user(client, id, &user, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(user)) {
        CHECK_EQ_INT(user->has_container_assignments, CERTCENTRAL_OPTIONAL_BOOL_TRUE);
        CHECK_CONTAINS(user->raw_json, first_id);
        CHECK_NOT_CONTAINS(user->raw_json, second_id);
    }
    certcentral_user_details_free(user);

    int64_t other[] = {second};
    CHECK_STATUS(certcentral_set_user_containers(client, id, other, 1, &err),
                 CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_get_user(client, id, &user, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(user)) {
        CHECK_EQ_INT(user->has_container_assignments, CERTCENTRAL_OPTIONAL_BOOL_TRUE);
        CHECK_CONTAINS(user->raw_json, second_id);
        CHECK_NOT_CONTAINS(user->raw_json, first_id);
    }
    certcentral_user_details_free(user);

    /* Length 0 removes every assignment (a NULL pointer is fine with it). */
    CHECK_STATUS(certcentral_set_user_containers(client, id, NULL, 0, &err),
                 CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_get_user(client, id, &user, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(user)) {
        CHECK_EQ_INT(user->has_container_assignments, CERTCENTRAL_OPTIONAL_BOOL_FALSE);
        CHECK_NOT_CONTAINS(user->raw_json, second_id);
    }
    certcentral_user_details_free(user);

    int64_t bad[] = {first, -3};
    CHECK_REFUSED(certcentral_set_user_containers(client, id, bad, 2, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "container_ids[1]");
    CHECK_REFUSED(certcentral_set_user_containers(client, id, NULL, 1, &err),
                  CERTCENTRAL_STATUS_INVALID_ARGUMENT, "container_ids");
    CHECK_REFUSED(certcentral_set_user_containers(client, 0, one, 1, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "user_id");
}

static void test_service_users(void) {
    certcentral_error *err = NULL;
    certcentral_add_service_user_request request = {0};
    request.email = "robot@lifecycle.example";
    request.api_name = "robot key";
    certcentral_service_user *robot = NULL;
    CHECK_STATUS(certcentral_add_service_user(client, &request, &robot, &err),
                 CERTCENTRAL_STATUS_OK, &err);
    int64_t robot_id = robot ? robot->id : 0;
    certcentral_service_user_free(robot);
    int64_t standard_id = add_user("ada.standard", 5);

    certcentral_user_page *page = NULL;
    CHECK_STATUS(certcentral_list_service_users(client, NULL, &page, &err), CERTCENTRAL_STATUS_OK,
                 &err);
    int found = 0;
    if (CHECK_NOT_NULL(page)) {
        for (size_t i = 0; i < page->users_len; i++) {
            found += page->users[i].id == robot_id;
            /* Standard users are not service users. */
            CHECK(page->users[i].id != standard_id);
            CHECK(page->users[i].id != ADMIN_USER_ID);
        }
        CHECK_CONTAINS(page->raw_json, "\"page\"");
    }
    CHECK_EQ_INT(found, 1);
    certcentral_user_page_free(page);

    certcentral_list_service_users_query query = {0};
    query.list.limit = 1;
    certcentral_iter *iter = NULL;
    CHECK_STATUS(certcentral_iter_service_users(client, &query, &iter, &err),
                 CERTCENTRAL_STATUS_OK, &err);
    const void *record = NULL;
    found = 0;
    int count = 0;
    while (count < BOUND && certcentral_iter_next(iter, &record, &err) == CERTCENTRAL_STATUS_OK &&
           record != NULL) {
        const certcentral_user_details *user = record;
        found += user->id == robot_id;
        count++;
    }
    CHECK(err == NULL);
    certcentral_error_clear(&err);
    CHECK_EQ_INT(found, 1);
    CHECK_INT(count, >=, 1);
    CHECK_EQ_INT(certcentral_iter_fetched(iter), count);
    certcentral_iter_free(iter);

    certcentral_list_service_users_query bad = {0};
    bad.list.limit = 5000;
    CHECK_REFUSED(certcentral_list_service_users(client, &bad, &page, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "limit");
    CHECK(page == NULL);
    CHECK_REFUSED(certcentral_iter_service_users(client, &bad, &iter, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "limit");
    CHECK(iter == NULL);
    bad.list.limit = 0;
    bad.container_id = -1;
    CHECK_REFUSED(certcentral_list_service_users(client, &bad, &page, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "container_id");
    CHECK_REFUSED(certcentral_list_service_users(client, NULL, NULL, &err),
                  CERTCENTRAL_STATUS_INVALID_ARGUMENT, "out");
    CHECK_REFUSED(certcentral_iter_service_users(NULL, NULL, &iter, &err),
                  CERTCENTRAL_STATUS_INVALID_ARGUMENT, "client");
}

/* The one key of `user_id` in `GET key?user_id=`; 0 when not exactly one. */
static int64_t only_key_of(int64_t user_id) {
    certcentral_error *err = NULL;
    certcentral_list_api_keys_query query = {0};
    query.user_id = user_id;
    certcentral_api_key_page *page = NULL;
    CHECK_STATUS(certcentral_list_api_keys(client, &query, &page, &err), CERTCENTRAL_STATUS_OK,
                 &err);
    int64_t id = 0;
    if (CHECK_NOT_NULL(page)) {
        CHECK_EQ_INT(page->api_keys_len, 1);
        if (page->api_keys_len == 1) {
            const certcentral_api_key_details *key = &page->api_keys[0];
            id = key->id;
            if (CHECK_NOT_NULL(key->user)) {
                CHECK_EQ_INT(key->user->id, user_id);
            }
            CHECK_EQ_STR(key->status, "active");
        }
        CHECK_NOT_CONTAINS(page->raw_json, "\"api_key\"");
    }
    certcentral_api_key_page_free(page);
    return id;
}

static void test_api_keys(void) {
    certcentral_error *err = NULL;
    int64_t owner = add_user("ada.keys", 5);

    certcentral_create_api_key_request create = {0};
    create.name = "ada's key";
    create.restricted_to_role_id = 101;
    certcentral_api_key *made = NULL;
    CHECK_STATUS(certcentral_create_api_key(client, owner, &create, &made, &err),
                 CERTCENTRAL_STATUS_OK, &err);
    if (!CHECK_NOT_NULL(made) || !CHECK_NOT_NULL(made->api_key)) {
        certcentral_api_key_free(made);
        return;
    }
    int64_t key_id = made->id;
    certcentral_client *as_owner = test_client(made->api_key, 0, 0);
    certcentral_api_key_free(made);

    certcentral_user_details *me = NULL;
    CHECK_STATUS(certcentral_current_user(as_owner, &me, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(me)) {
        CHECK_EQ_INT(me->id, owner);
    }
    certcentral_user_details_free(me);

    CHECK_EQ_INT(only_key_of(owner), key_id);

    certcentral_api_key_details *key = NULL;
    CHECK_STATUS(certcentral_get_api_key(client, key_id, &key, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(key)) {
        CHECK_EQ_INT(key->id, key_id);
        CHECK_EQ_STR(key->name, "ada's key");
        CHECK_EQ_STR(key->status, "active");
        CHECK_EQ_INT(key->restricted_to_role_id, 101);
        CHECK_NOT_NULL(key->create_date);
        if (CHECK_NOT_NULL(key->user)) {
            CHECK_EQ_INT(key->user->id, owner);
            CHECK_EQ_STR(key->user->first_name, "Ada");
        }
        CHECK_NOT_CONTAINS(key->raw_json, "\"api_key\"");
    }
    certcentral_api_key_details_free(key);

    /* Renamed: the restriction stays. */
    certcentral_update_api_key_request rename = {0};
    rename.name = "renamed";
    CHECK_STATUS(certcentral_update_api_key(client, key_id, &rename, &err), CERTCENTRAL_STATUS_OK,
                 &err);
    CHECK_STATUS(certcentral_get_api_key(client, key_id, &key, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(key)) {
        CHECK_EQ_STR(key->name, "renamed");
        CHECK_EQ_INT(key->restricted_to_role_id, 101);
    }
    certcentral_api_key_details_free(key);

    /* Restriction 0 (none) is a value, not "unset": the flag says so; the name stays. */
    certcentral_update_api_key_request unrestrict = {0};
    unrestrict.has_restricted_to_role_id = 1;
    CHECK_STATUS(certcentral_update_api_key(client, key_id, &unrestrict, &err),
                 CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_get_api_key(client, key_id, &key, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(key)) {
        CHECK_EQ_STR(key->name, "renamed");
        CHECK_EQ_INT(key->restricted_to_role_id, 0);
    }
    certcentral_api_key_details_free(key);

    /* Every key of the account, a page of one at a time: the owner's is among them. */
    certcentral_list_api_keys_query all = {0};
    all.list.limit = 1;
    certcentral_iter *iter = NULL;
    CHECK_STATUS(certcentral_iter_api_keys(client, &all, &iter, &err), CERTCENTRAL_STATUS_OK, &err);
    const void *record = NULL;
    int found = 0, count = 0;
    while (count < BOUND && certcentral_iter_next(iter, &record, &err) == CERTCENTRAL_STATUS_OK &&
           record != NULL) {
        const certcentral_api_key_details *each = record;
        if (each->id == key_id) {
            found++;
            CHECK_EQ_STR(each->name, "renamed");
        }
        count++;
    }
    CHECK(err == NULL);
    certcentral_error_clear(&err);
    CHECK_EQ_INT(found, 1);
    CHECK_INT(certcentral_iter_total(iter), >=, 1);
    certcentral_iter_free(iter);

    /* Revoked: the owner's client is refused as an invalid key. */
    CHECK_STATUS(certcentral_revoke_api_key(client, key_id, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_EQ_STATUS(certcentral_current_user(as_owner, &me, &err),
                    CERTCENTRAL_STATUS_AUTHENTICATION);
    CHECK(me == NULL);
    certcentral_user_details_free(me);
    if (CHECK_NOT_NULL(err)) {
        CHECK_EQ_INT(certcentral_error_http_status(err), 403);
        CHECK_EQ_INT(certcentral_error_api_errors_len(err), 1);
        CHECK_EQ_STR(certcentral_error_api_error_code(err, 0),
                     "access_denied|access_denied_invalid_key");
    }
    certcentral_error_clear(&err);
    CHECK_STATUS(certcentral_get_api_key(client, key_id, &key, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(key)) {
        CHECK_EQ_STR(key->status, "revoked");
    }
    certcentral_api_key_details_free(key);

    /* Active again: it works again. */
    CHECK_STATUS(certcentral_activate_api_key(client, key_id, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_current_user(as_owner, &me, &err), CERTCENTRAL_STATUS_OK, &err);
    certcentral_user_details_free(me);
    certcentral_client_free(as_owner);

    /* Refusals. */
    certcentral_update_api_key_request nothing = {0};
    CHECK_REFUSED(certcentral_update_api_key(client, key_id, &nothing, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "request");
    certcentral_update_api_key_request bad_role = {0};
    bad_role.restricted_to_role_id = 7;
    bad_role.has_restricted_to_role_id = 1;
    CHECK_REFUSED(certcentral_update_api_key(client, key_id, &bad_role, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "restricted_to_role_id");
    certcentral_update_api_key_request blank = {0};
    blank.name = "";
    CHECK_REFUSED(certcentral_update_api_key(client, key_id, &blank, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "name");
    CHECK_REFUSED(certcentral_update_api_key(client, key_id, NULL, &err),
                  CERTCENTRAL_STATUS_INVALID_ARGUMENT, "request");
    CHECK_REFUSED(certcentral_update_api_key(client, 0, &rename, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "key_id");
    CHECK_REFUSED(certcentral_get_api_key(client, -1, &key, &err), CERTCENTRAL_STATUS_VALIDATION,
                  "key_id");
    CHECK(key == NULL);
    CHECK_REFUSED(certcentral_get_api_key(client, key_id, NULL, &err),
                  CERTCENTRAL_STATUS_INVALID_ARGUMENT, "out");
    CHECK_REFUSED(certcentral_revoke_api_key(client, 0, &err), CERTCENTRAL_STATUS_VALIDATION,
                  "key_id");
    CHECK_REFUSED(certcentral_activate_api_key(NULL, key_id, &err),
                  CERTCENTRAL_STATUS_INVALID_ARGUMENT, "client");
    certcentral_list_api_keys_query bad_user = {0};
    bad_user.user_id = -2;
    certcentral_api_key_page *page = NULL;
    CHECK_REFUSED(certcentral_list_api_keys(client, &bad_user, &page, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "user_id");
    CHECK(page == NULL);
    CHECK_REFUSED(certcentral_iter_api_keys(client, &bad_user, &iter, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "user_id");
    CHECK_STATUS(certcentral_get_api_key(client, 999999999, &key, &err),
                 CERTCENTRAL_STATUS_NOT_FOUND, &err);
    certcentral_api_key_details_free(key);
}

static void test_containers(void) {
    certcentral_error *err = NULL;
    int64_t parent = create_division("Lifecycle Sales");

    certcentral_container_list *children = NULL;
    CHECK_STATUS(certcentral_list_child_containers(client, parent, &children, &err),
                 CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(children)) {
        /* None yet: an empty list (the server sends no array). */
        CHECK_EQ_INT(children->containers_len, 0);
        CHECK(children->containers == NULL);
    }
    certcentral_container_list_free(children);

    certcentral_create_container_request request = {0};
    request.name = "Lifecycle Sales EMEA";
    request.template_id = 6;
    request.description = "Sales engineers";
    int64_t child = 0;
    CHECK_STATUS(certcentral_create_container(client, parent, &request, &child, &err),
                 CERTCENTRAL_STATUS_OK, &err);
    CHECK_INT(child, >, 0);

    CHECK_STATUS(certcentral_list_child_containers(client, parent, &children, &err),
                 CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(children)) {
        CHECK_EQ_INT(children->containers_len, 1);
        if (children->containers_len == 1) {
            const certcentral_container_details *c = &children->containers[0];
            CHECK_EQ_INT(c->id, child);
            CHECK_EQ_STR(c->name, "Lifecycle Sales EMEA");
            CHECK_EQ_STR(c->description, "Sales engineers");
            CHECK_EQ_INT(c->parent_id, parent);
            CHECK_EQ_INT(c->template_id, 6);
        }
        CHECK_CONTAINS(children->raw_json, "\"containers\"");
    }
    certcentral_container_list_free(children);

    /* Only the immediate children: the grandchild is not among the root's. */
    CHECK_STATUS(certcentral_list_child_containers(client, ROOT_CONTAINER_ID, &children, &err),
                 CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(children)) {
        int has_parent = 0;
        for (size_t i = 0; i < children->containers_len; i++) {
            CHECK(children->containers[i].id != child);
            has_parent += children->containers[i].id == parent;
        }
        CHECK_EQ_INT(has_parent, 1);
    }
    certcentral_container_list_free(children);

    /* The container's users: replaced, then cleared. */
    int64_t first = add_user("ada.sales1", 5);
    int64_t second = add_user("ada.sales2", 5);
    int64_t both[] = {first, second};
    CHECK_STATUS(certcentral_set_container_users(client, child, both, 2, &err),
                 CERTCENTRAL_STATUS_OK, &err);
    certcentral_container_details *details = NULL;
    CHECK_STATUS(certcentral_get_container(client, child, &details, &err), CERTCENTRAL_STATUS_OK,
                 &err);
    if (CHECK_NOT_NULL(details)) {
        CHECK_EQ_INT(details->user_id_assignments_len, 2);
        if (details->user_id_assignments_len == 2) {
            CHECK_EQ_INT(details->user_id_assignments[0], first);
            CHECK_EQ_INT(details->user_id_assignments[1], second);
        }
    }
    certcentral_container_details_free(details);
    int64_t one[] = {second};
    CHECK_STATUS(certcentral_set_container_users(client, child, one, 1, &err),
                 CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_get_container(client, child, &details, &err), CERTCENTRAL_STATUS_OK,
                 &err);
    if (CHECK_NOT_NULL(details)) {
        CHECK_EQ_INT(details->user_id_assignments_len, 1);
        if (details->user_id_assignments_len == 1) {
            CHECK_EQ_INT(details->user_id_assignments[0], second);
        }
    }
    certcentral_container_details_free(details);
    CHECK_STATUS(certcentral_set_container_users(client, child, NULL, 0, &err),
                 CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_get_container(client, child, &details, &err), CERTCENTRAL_STATUS_OK,
                 &err);
    if (CHECK_NOT_NULL(details)) {
        CHECK_EQ_INT(details->user_id_assignments_len, 0);
    }
    certcentral_container_details_free(details);

    /* Refusals. */
    certcentral_create_container_request unnamed = {0};
    unnamed.template_id = 6;
    int64_t untouched = 77;
    CHECK_REFUSED(certcentral_create_container(client, parent, &unnamed, &untouched, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "name");
    CHECK_EQ_INT(untouched, 77);
    certcentral_create_container_request no_template = {0};
    no_template.name = "No template";
    CHECK_REFUSED(certcentral_create_container(client, parent, &no_template, &untouched, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "template_id");
    CHECK_REFUSED(certcentral_create_container(client, 0, &request, &untouched, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "parent_id");
    CHECK_REFUSED(certcentral_create_container(client, parent, NULL, &untouched, &err),
                  CERTCENTRAL_STATUS_INVALID_ARGUMENT, "request");
    CHECK_REFUSED(certcentral_create_container(client, parent, &request, NULL, &err),
                  CERTCENTRAL_STATUS_INVALID_ARGUMENT, "container_id");
    CHECK_REFUSED(certcentral_list_child_containers(client, 0, &children, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "container_id");
    CHECK(children == NULL);
    int64_t bad[] = {first, 0};
    CHECK_REFUSED(certcentral_set_container_users(client, child, bad, 2, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "user_ids[1]");
    CHECK_REFUSED(certcentral_set_container_users(client, child, NULL, 3, &err),
                  CERTCENTRAL_STATUS_INVALID_ARGUMENT, "user_ids");
    CHECK_REFUSED(certcentral_set_container_users(client, -1, one, 1, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "container_id");
    CHECK_STATUS(certcentral_list_child_containers(client, 999999999, &children, &err),
                 CERTCENTRAL_STATUS_NOT_FOUND, &err);
    certcentral_container_list_free(children);
}

static int64_t create_organization(const char *name) {
    certcentral_error *err = NULL;
    certcentral_create_organization_request request = {0};
    request.name = name;
    request.address = "1 Lifecycle Road";
    request.city = "Lehi";
    request.state = "ut";
    request.zip = "84043";
    request.country = "us";
    request.telephone = "555-0100";
    request.organization_contact.first_name = "Olive";
    request.organization_contact.last_name = "Owner";
    request.organization_contact.email = "olive@lifecycle.example";
    request.organization_contact.job_title = "CEO";
    request.organization_contact.telephone = "555-0101";
    request.organization_contact.telephone_extension = "7";
    int64_t id = 0;
    CHECK_STATUS(certcentral_create_organization(client, &request, &id, &err),
                 CERTCENTRAL_STATUS_OK, &err);
    return id;
}

static void test_organizations(void) {
    certcentral_error *err = NULL;
    int64_t id = create_organization("Lifecycle Contacts Inc.");

    /* One field of the organization contact: the others are kept. */
    certcentral_contact_params org_change = {0};
    org_change.job_title = "CFO";
    certcentral_update_organization_contacts_request request = {0};
    request.organization_contact = &org_change;
    CHECK_STATUS(certcentral_update_organization_contacts(client, id, &request, &err),
                 CERTCENTRAL_STATUS_OK, &err);
    certcentral_organization_details *org = NULL;
    CHECK_STATUS(certcentral_get_organization(client, id, &org, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(org) && CHECK_NOT_NULL(org->organization_contact)) {
        const certcentral_contact *c = org->organization_contact;
        CHECK_EQ_STR(c->first_name, "Olive");
        CHECK_EQ_STR(c->last_name, "Owner");
        CHECK_EQ_STR(c->email, "olive@lifecycle.example");
        CHECK_EQ_STR(c->job_title, "CFO");
        CHECK_EQ_STR(c->telephone, "555-0101");
        CHECK_EQ_STR(c->telephone_extension, "7");
    }
    certcentral_organization_details_free(org);

    /* A technical contact, named alone: the organization contact is left alone. */
    certcentral_contact_params tech = {0};
    tech.first_name = "Tess";
    tech.last_name = "Tech";
    tech.email = "tess@lifecycle.example";
    tech.telephone = "555-0102";
    certcentral_update_organization_contacts_request tech_only = {0};
    tech_only.technical_contact = &tech;
    CHECK_STATUS(certcentral_update_organization_contacts(client, id, &tech_only, &err),
                 CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_get_organization(client, id, &org, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(org)) {
        CHECK_CONTAINS(org->raw_json, "tess@lifecycle.example");
        if (CHECK_NOT_NULL(org->organization_contact)) {
            CHECK_EQ_STR(org->organization_contact->job_title, "CFO");
            CHECK_EQ_STR(org->organization_contact->telephone_extension, "7");
        }
    }
    certcentral_organization_details_free(org);

    /* Validations: none, then submitted and read back. */
    certcentral_validation_list *validations = NULL;
    CHECK_STATUS(certcentral_get_organization_validations(client, id, &validations, &err),
                 CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(validations)) {
        CHECK_EQ_INT(validations->validations_len, 0);
        CHECK(validations->validations == NULL);
    }
    certcentral_validation_list_free(validations);

    certcentral_verified_user_params approver = {0};
    approver.first_name = "Vera";
    approver.last_name = "Verified";
    approver.job_title = "CTO";
    approver.telephone = "555-0103";
    approver.email = "vera@lifecycle.example";
    certcentral_validation_params wanted[2] = {{0}, {0}};
    wanted[0].validation_type = "ov";
    wanted[1].validation_type = "ev";
    wanted[1].verified_users = &approver;
    wanted[1].verified_users_len = 1;
    CHECK_STATUS(certcentral_submit_organization_validation(client, id, wanted, 2, &err),
                 CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_get_organization_validations(client, id, &validations, &err),
                 CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(validations)) {
        CHECK_EQ_INT(validations->validations_len, 2);
        int ov = 0, ev = 0;
        for (size_t i = 0; i < validations->validations_len; i++) {
            const certcentral_validation *v = &validations->validations[i];
            ov += v->validation_type != NULL && strcmp(v->validation_type, "ov") == 0;
            ev += v->validation_type != NULL && strcmp(v->validation_type, "ev") == 0;
            CHECK_NOT_NULL(v->status);
        }
        CHECK_EQ_INT(ov, 1);
        CHECK_EQ_INT(ev, 1);
        CHECK_CONTAINS(validations->raw_json, "\"validations\"");
    }
    certcentral_validation_list_free(validations);

    /* Refusals. */
    certcentral_update_organization_contacts_request nothing = {0};
    CHECK_REFUSED(certcentral_update_organization_contacts(client, id, &nothing, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "request");
    certcentral_contact_params bad_email = {0};
    bad_email.email = "nope";
    certcentral_update_organization_contacts_request bad_tech = {0};
    bad_tech.technical_contact = &bad_email;
    CHECK_REFUSED(certcentral_update_organization_contacts(client, id, &bad_tech, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "technical_contact.email");
    certcentral_contact_params bad_utf8 = {0};
    bad_utf8.last_name = "\xc3";
    certcentral_update_organization_contacts_request bad_org = {0};
    bad_org.organization_contact = &bad_utf8;
    CHECK_REFUSED(certcentral_update_organization_contacts(client, id, &bad_org, &err),
                  CERTCENTRAL_STATUS_INVALID_ARGUMENT, "organization_contact.last_name");
    CHECK_REFUSED(certcentral_update_organization_contacts(client, id, NULL, &err),
                  CERTCENTRAL_STATUS_INVALID_ARGUMENT, "request");
    CHECK_REFUSED(certcentral_update_organization_contacts(client, 0, &request, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "organization_id");

    CHECK_REFUSED(certcentral_submit_organization_validation(client, id, NULL, 0, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "validations");
    CHECK_REFUSED(certcentral_submit_organization_validation(client, id, NULL, 1, &err),
                  CERTCENTRAL_STATUS_INVALID_ARGUMENT, "validations");
    certcentral_validation_params untyped = {0};
    CHECK_REFUSED(certcentral_submit_organization_validation(client, id, &untyped, 1, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "validations[0].type");
    certcentral_validation_params ev_alone = {0};
    ev_alone.validation_type = "ev";
    CHECK_REFUSED(certcentral_submit_organization_validation(client, id, &ev_alone, 1, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "validations[0].verified_users");
    certcentral_validation_params users_missing = {0};
    users_missing.validation_type = "ev";
    users_missing.verified_users_len = 2;
    CHECK_REFUSED(certcentral_submit_organization_validation(client, id, &users_missing, 1, &err),
                  CERTCENTRAL_STATUS_INVALID_ARGUMENT, "validations[0].verified_users");
    certcentral_verified_user_params by_bad_id = {0};
    by_bad_id.id = -4;
    certcentral_validation_params bad_user = {0};
    bad_user.validation_type = "ev";
    bad_user.verified_users = &by_bad_id;
    bad_user.verified_users_len = 1;
    CHECK_REFUSED(certcentral_submit_organization_validation(client, id, &bad_user, 1, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "validations[0].verified_users[0].id");
    CHECK_REFUSED(certcentral_submit_organization_validation(client, 0, wanted, 1, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "organization_id");
    CHECK_REFUSED(certcentral_get_organization_validations(client, id, NULL, &err),
                  CERTCENTRAL_STATUS_INVALID_ARGUMENT, "out");
    CHECK_REFUSED(certcentral_get_organization_validations(client, -1, &validations, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "organization_id");

    /* Deleted: gone from reads; a second delete is NOT_FOUND. */
    int64_t doomed = create_organization("Lifecycle Doomed LLC");
    CHECK_STATUS(certcentral_delete_organization(client, doomed, &err), CERTCENTRAL_STATUS_OK,
                 &err);
    CHECK_STATUS(certcentral_get_organization(client, doomed, &org, &err),
                 CERTCENTRAL_STATUS_NOT_FOUND, &err);
    CHECK(org == NULL);
    certcentral_organization_details_free(org);
    CHECK_STATUS(certcentral_delete_organization(client, doomed, &err),
                 CERTCENTRAL_STATUS_NOT_FOUND, &err);
    CHECK_REFUSED(certcentral_delete_organization(client, 0, &err), CERTCENTRAL_STATUS_VALIDATION,
                  "organization_id");
    CHECK_REFUSED(certcentral_delete_organization(NULL, id, &err),
                  CERTCENTRAL_STATUS_INVALID_ARGUMENT, "client");
}

static void test_update_subaccount(void) {
    certcentral_error *err = NULL;
    certcentral_create_subaccount_request create = {0};
    create.account_type = "retail";
    create.child_name = "Before";
    create.user.first_name = "Sub";
    create.user.last_name = "Owner";
    create.user.email = "sub.owner@lifecycle.example";
    create.organization.name = "Lifecycle Sub Org";
    create.organization.address = "2 Lifecycle Road";
    create.organization.zip = "84043";
    create.organization.city = "Lehi";
    create.organization.state = "ut";
    create.organization.country = "us";
    certcentral_subaccount *sub = NULL;
    CHECK_STATUS(certcentral_create_subaccount(client, &create, &sub, &err), CERTCENTRAL_STATUS_OK,
                 &err);
    int64_t id = sub ? sub->id : 0;
    certcentral_subaccount_free(sub);

    certcentral_update_subaccount_request change = {0};
    change.child_name = "After";
    change.bill_parent = CERTCENTRAL_OPTIONAL_BOOL_TRUE;
    CHECK_STATUS(certcentral_update_subaccount(client, id, &change, &err), CERTCENTRAL_STATUS_OK,
                 &err);
    certcentral_subaccount_details *details = NULL;
    CHECK_STATUS(certcentral_get_subaccount(client, id, &details, &err), CERTCENTRAL_STATUS_OK,
                 &err);
    if (CHECK_NOT_NULL(details)) {
        CHECK_EQ_STR(details->child_name, "After");
        CHECK_EQ_INT(details->bill_parent, CERTCENTRAL_OPTIONAL_BOOL_TRUE);
    }
    certcentral_subaccount_details_free(details);

    /* Only the name: billing is kept. */
    certcentral_update_subaccount_request rename = {0};
    rename.child_name = "Again";
    CHECK_STATUS(certcentral_update_subaccount(client, id, &rename, &err), CERTCENTRAL_STATUS_OK,
                 &err);
    CHECK_STATUS(certcentral_get_subaccount(client, id, &details, &err), CERTCENTRAL_STATUS_OK,
                 &err);
    if (CHECK_NOT_NULL(details)) {
        CHECK_EQ_STR(details->child_name, "Again");
        CHECK_EQ_INT(details->bill_parent, CERTCENTRAL_OPTIONAL_BOOL_TRUE);
    }
    certcentral_subaccount_details_free(details);

    certcentral_update_subaccount_request nothing = {0};
    CHECK_REFUSED(certcentral_update_subaccount(client, id, &nothing, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "request");
    certcentral_update_subaccount_request long_name = {0};
    long_name.child_name = "0123456789012345678901234567890123456789012345678901234567890123456789";
    CHECK_REFUSED(certcentral_update_subaccount(client, id, &long_name, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "child_name");
    certcentral_update_subaccount_request bad_manager = {0};
    bad_manager.account_manager_user_id = -9;
    CHECK_REFUSED(certcentral_update_subaccount(client, id, &bad_manager, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "account_manager_user_id");
    certcentral_update_subaccount_request bad_bool = {0};
    bad_bool.bill_parent = 3;
    CHECK_REFUSED(certcentral_update_subaccount(client, id, &bad_bool, &err),
                  CERTCENTRAL_STATUS_INVALID_ARGUMENT, "bill_parent");
    CHECK_REFUSED(certcentral_update_subaccount(client, id, NULL, &err),
                  CERTCENTRAL_STATUS_INVALID_ARGUMENT, "request");
    CHECK_REFUSED(certcentral_update_subaccount(client, 0, &change, &err),
                  CERTCENTRAL_STATUS_VALIDATION, "subaccount_id");
    CHECK_REFUSED(certcentral_update_subaccount(NULL, id, &change, &err),
                  CERTCENTRAL_STATUS_INVALID_ARGUMENT, "client");
}

/* An unfreed error passed back in is refused, untouched, by every lifecycle call. */
static void test_a_pending_error_is_never_overwritten(void) {
    certcentral_error *err = NULL;
    CHECK_EQ_STATUS(certcentral_delete_user(client, 0, &err), CERTCENTRAL_STATUS_VALIDATION);
    certcentral_error *pending = err;
    if (!CHECK_NOT_NULL(pending)) {
        return;
    }
    int64_t ids[] = {1};
    CHECK_EQ_STATUS(certcentral_delete_user(client, 1, &err), CERTCENTRAL_STATUS_INVALID_ARGUMENT);
    CHECK_EQ_STATUS(certcentral_set_user_roles(client, 1, ids, 1, &err),
                    CERTCENTRAL_STATUS_INVALID_ARGUMENT);
    CHECK_EQ_STATUS(certcentral_revoke_api_key(client, 1, &err),
                    CERTCENTRAL_STATUS_INVALID_ARGUMENT);
    CHECK_EQ_STATUS(certcentral_delete_organization(client, 1, &err),
                    CERTCENTRAL_STATUS_INVALID_ARGUMENT);
    CHECK(err == pending);
    CHECK_EQ_STR(certcentral_error_field(err), "user_id");
    certcentral_error_clear(&err);
}

int main(void) {
    client = test_client(NULL, 2, 0);
    test_update_user_keeps_unnamed_fields();
    test_delete_user();
    test_set_user_roles_replaces_them();
    test_set_user_containers_replaces_them();
    test_service_users();
    test_api_keys();
    test_containers();
    test_organizations();
    test_update_subaccount();
    test_a_pending_error_is_never_overwritten();
    certcentral_client_free(client);
    return harness_report("test_lifecycle");
}
