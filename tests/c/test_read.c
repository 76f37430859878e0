/* The read side of the C ABI against the emulator: every list and detail function, the
 * decoding of every result field (the docs' examples for fields the emulator never sends), the
 * generic iterator across pages, 404 and id checks, and an end-to-end create-then-find run. */
#include <stdint.h>

#include "harness.h"

/* The emulator's fixed ids (src/emulator/state.rs). */
#define ADMIN_USER_ID 100000
#define ROOT_ACCOUNT_ID 1000000
#define ROOT_CONTAINER_ID 300000

/* No iteration in this suite may run longer than this many records. */
#define BOUND 10000

static certcentral_client *client;

/* How many requests the emulator has counted for `route` (e.g. "GET user"); 0 for none. */
static long route_count(const char *route) {
    char *stats = control(client, "GET", "_emulator/stats", NULL);
    char key[128];
    snprintf(key, sizeof key, "\"%s\":", route);
    const char *at = stats ? strstr(stats, key) : NULL;
    long count = at ? strtol(at + strlen(key), NULL, 10) : 0;
    certcentral_string_free(stats);
    return count;
}

/* Makes the next request to `route` answer 200 with the docs' example `fixture` (a file in
 * tests/fixtures/), sent as it is. */
static void respond_with_fixture(const char *route, const char *fixture) {
    char path[256];
    snprintf(path, sizeof path, "tests/fixtures/%s", fixture);
    FILE *file = fopen(path, "rb");
    if (!CHECK_NOT_NULL(file)) {
        return;
    }
    static char text[8192];
    size_t len = fread(text, 1, sizeof text - 1, file);
    fclose(file);
    CHECK_INT(len, <, sizeof text - 1); /* the whole file was read */
    text[len] = '\0';
    /* Each character takes at most two bytes escaped. */
    static char fault[2 * sizeof text + 256];
    size_t at = (size_t)snprintf(fault, sizeof fault,
                                 "{\"route\": \"%s\", \"kind\": \"respond\", \"status\": 200, "
                                 "\"times\": 1, \"body\": \"",
                                 route);
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == '"' || c == '\\') {
            fault[at++] = '\\';
        } else if (c == '\n') {
            fault[at++] = '\\';
            c = 'n';
        }
        fault[at++] = c;
    }
    snprintf(fault + at, sizeof fault - at, "\"}");
    control_discard(client, "POST", "_emulator/faults", fault);
}

/* The docs' examples decode into every field of the C structs. */
static void test_docs_examples(void) {
    certcentral_error *err = NULL;

    certcentral_user_details *me = NULL;
    respond_with_fixture("GET user/me", "user-info.response.json");
    CHECK_STATUS(certcentral_current_user(client, &me, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(me)) {
        CHECK_EQ_INT(me->id, 101);
        CHECK_EQ_STR(me->username, "jdoe@example.com");
        CHECK_EQ_INT(me->account_id, 5001);
        CHECK_EQ_STR(me->first_name, "J");
        CHECK_EQ_STR(me->last_name, "Doe");
        CHECK_EQ_STR(me->email, "jdoe@example.com");
        CHECK_EQ_STR(me->job_title, "Admin");
        CHECK_EQ_STR(me->telephone, "555-0100");
        CHECK_EQ_STR(me->user_type, "standard");
        CHECK_EQ_STR(me->status, "active");
        CHECK_EQ_STR(me->last_login_date, "2024-01-02 03:04:05");
        CHECK_EQ_INT(me->is_saml_sso_only, CERTCENTRAL_OPTIONAL_BOOL_FALSE);
        CHECK_EQ_INT(me->has_container_assignments, CERTCENTRAL_OPTIONAL_BOOL_FALSE);
        CHECK_CONTAINS(me->raw_json, "\"container_visibility\"");
        if (CHECK_NOT_NULL(me->container)) {
            CHECK_EQ_INT(me->container->id, 5);
            CHECK_EQ_STR(me->container->public_id, "abc");
            CHECK_EQ_STR(me->container->name, "Root");
            CHECK_EQ_INT(me->container->parent_id, 0);
            CHECK_EQ_INT(me->container->template_id, 5);
            CHECK_EQ_STR(me->container->ekey, "k");
            CHECK_EQ_INT(me->container->has_logo, CERTCENTRAL_OPTIONAL_BOOL_TRUE);
            CHECK_EQ_INT(me->container->is_active, CERTCENTRAL_OPTIONAL_BOOL_TRUE);
            CHECK_EQ_STR(me->container->description, NULL);
            CHECK_EQ_INT(me->container->allowed_domain_names_len, 0);
            CHECK(me->container->allowed_domain_names == NULL);
            CHECK_EQ_INT(me->container->organization_assignments_len, 0);
            CHECK_CONTAINS(me->container->raw_json, "\"ekey\"");
        }
        CHECK_EQ_INT(me->access_roles_len, 1);
        if (me->access_roles_len == 1) {
            CHECK_EQ_INT(me->access_roles[0].id, 1);
            CHECK_EQ_STR(me->access_roles[0].name, "Administrator");
            CHECK_CONTAINS(me->access_roles[0].raw_json, "Administrator");
        }
    }
    certcentral_user_details_free(me);

    certcentral_user_page *users = NULL;
    respond_with_fixture("GET user", "list-users.response.json");
    CHECK_STATUS(certcentral_list_users(client, NULL, &users, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(users)) {
        CHECK_EQ_INT(users->users_len, 1);
        CHECK_EQ_INT(users->total, 1);
        CHECK_EQ_INT(users->limit, 1000);
        CHECK_EQ_INT(users->offset, 0);
        CHECK_CONTAINS(users->raw_json, "\"users\"");
        if (users->users_len == 1) {
            CHECK_EQ_INT(users->users[0].id, 101);
            CHECK_EQ_STR(users->users[0].last_login_date, NULL);
            CHECK_EQ_INT(users->users[0].is_saml_sso_only, CERTCENTRAL_OPTIONAL_BOOL_UNSET);
        }
    }
    certcentral_user_page_free(users);

    certcentral_organization_page *orgs = NULL;
    respond_with_fixture("GET organization", "list-organizations.response.json");
    CHECK_STATUS(certcentral_list_organizations(client, NULL, &orgs, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(orgs) && CHECK_NOT_NULL(orgs->organizations)) {
        CHECK_EQ_INT(orgs->organizations_len, 1);
        CHECK_EQ_INT(orgs->total, 1);
        const certcentral_organization_details *org = &orgs->organizations[0];
        CHECK_EQ_INT(org->id, 112233);
        CHECK_EQ_STR(org->status, "active");
        CHECK_EQ_STR(org->name, "Example Org Inc.");
        CHECK_EQ_STR(org->assumed_name, "ExOrg");
        CHECK_EQ_STR(org->display_name, "Example Org Inc. (ExOrg)");
        CHECK_EQ_INT(org->is_active, CERTCENTRAL_OPTIONAL_BOOL_TRUE);
        CHECK_EQ_STR(org->address, "1 Main St");
        CHECK_EQ_STR(org->address2, "Fl 2");
        CHECK_EQ_STR(org->zip, "84043");
        CHECK_EQ_STR(org->city, "Lehi");
        CHECK_EQ_STR(org->state, "ut");
        CHECK_EQ_STR(org->country, "us");
        CHECK_EQ_STR(org->telephone, "555-0100");
        if (CHECK_NOT_NULL(org->container)) {
            CHECK_EQ_INT(org->container->id, 4);
            CHECK_EQ_STR(org->container->name, "Root");
        }
        CHECK(org->organization_contact == NULL);
        /* A string in the docs, an integer here. */
        CHECK_EQ_INT(org->container_id_assignments_len, 1);
        if (org->container_id_assignments_len == 1) {
            CHECK_EQ_INT(org->container_id_assignments[0], 112234);
        }
        CHECK_EQ_INT(org->validations_len, 1);
        if (org->validations_len == 1) {
            const certcentral_validation *v = &org->validations[0];
            CHECK_EQ_STR(v->validation_type, "ov");
            CHECK_EQ_STR(v->name, "OV");
            CHECK_EQ_STR(v->description, "Normal Organization Validation");
            CHECK_EQ_STR(v->date_created, "2024-01-01T00:00:00+00:00");
            CHECK_EQ_STR(v->validated_until, "2025-01-01T00:00:00+00:00");
            CHECK_EQ_STR(v->status, "active");
            CHECK_CONTAINS(v->raw_json, "\"validated_until\"");
        }
    }
    certcentral_organization_page_free(orgs);

    certcentral_organization_details *org = NULL;
    respond_with_fixture("GET organization/{organization_id}", "organization-info.response.json");
    CHECK_STATUS(certcentral_get_organization(client, 112233, &org, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(org)) {
        CHECK_EQ_STR(org->name, "Example llc");
        CHECK_CONTAINS(org->raw_json, "\"verified_contacts\"");
        CHECK_EQ_INT(org->validations_len, 0);
        CHECK(org->validations == NULL);
        if (CHECK_NOT_NULL(org->organization_contact)) {
            const certcentral_contact *c = org->organization_contact;
            CHECK_EQ_INT(c->id, 184);
            CHECK_EQ_STR(c->first_name, "A");
            CHECK_EQ_STR(c->last_name, "B");
            CHECK_EQ_STR(c->email, "a.b@example.com");
            CHECK_EQ_STR(c->job_title, "Tech");
            CHECK_EQ_STR(c->telephone, "555-0100");
            CHECK_EQ_STR(c->telephone_extension, "12");
            CHECK_CONTAINS(c->raw_json, "\"telephone_extension\"");
        }
    }
    certcentral_organization_details_free(org);

    certcentral_subaccount_page *subs = NULL;
    respond_with_fixture("GET account/subaccount", "list-subaccounts.response.json");
    CHECK_STATUS(certcentral_list_subaccounts(client, NULL, &subs, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(subs) && CHECK_NOT_NULL(subs->subaccounts)) {
        CHECK_EQ_INT(subs->subaccounts_len, 1);
        CHECK_EQ_INT(subs->total, 1);
        CHECK_EQ_INT(subs->limit, 1000);
        CHECK_EQ_INT(subs->offset, 0);
        const certcentral_subaccount_summary *s = &subs->subaccounts[0];
        CHECK_EQ_INT(s->id, 112233);
        CHECK_EQ_STR(s->account_type, "reseller");
        CHECK_EQ_STR(s->organization_name, "Org One");
        CHECK_EQ_STR(s->date_created, "2018-11-29 01:48:04");
        CHECK_EQ_STR(s->account_manager, "Jim James");
        CHECK_CONTAINS(s->raw_json, "\"account_id\"");
    }
    certcentral_subaccount_page_free(subs);

    certcentral_subaccount_details *sub = NULL;
    respond_with_fixture("GET account/subaccount/{subaccount_id}", "subaccount-info.response.json");
    CHECK_STATUS(certcentral_get_subaccount(client, 1122339, &sub, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(sub)) {
        CHECK_EQ_INT(sub->id, 1122339);
        CHECK_EQ_STR(sub->account_type, "reseller");
        CHECK_EQ_STR(sub->organization_name, "Real Org");
        CHECK_EQ_STR(sub->child_name, NULL);
        CHECK_EQ_STR(sub->date_created, "2018-11-29 18:25:04");
        CHECK_EQ_INT(sub->parent_account_id, 1122331); /* a string in the docs */
        CHECK_EQ_STR(sub->billing_account_name, "Billing Inc.");
        CHECK_EQ_INT(sub->billing_account_id, 1122328);
        CHECK_EQ_STR(sub->account_manager, "Jim James");
        CHECK_EQ_INT(sub->bill_parent, CERTCENTRAL_OPTIONAL_BOOL_FALSE);
        CHECK_EQ_INT(sub->enforce_bill_parent, CERTCENTRAL_OPTIONAL_BOOL_UNSET);
        CHECK_CONTAINS(sub->raw_json, "\"master_user\"");
        if (CHECK_NOT_NULL(sub->master_user)) {
            const certcentral_master_user *m = sub->master_user;
            CHECK_EQ_STR(m->first_name, "A");
            CHECK_EQ_STR(m->last_name, "B");
            CHECK_EQ_STR(m->email, "a@example.com");
            CHECK_EQ_STR(m->job_title, "x");
            CHECK_EQ_STR(m->telephone, "555-0100");
            CHECK_EQ_INT(m->i18n_language_id, 1);
            CHECK_EQ_INT(m->container_id, 11223);
            CHECK_CONTAINS(m->raw_json, "\"i18n_language_id\"");
        }
        if (CHECK_NOT_NULL(sub->organization)) {
            CHECK_EQ_INT(sub->organization->id, 121212);
            CHECK_EQ_STR(sub->organization->name, "Real Org");
            CHECK(sub->organization->container == NULL);
        }
    }
    certcentral_subaccount_details_free(sub);

    certcentral_container_list *containers = NULL;
    respond_with_fixture("GET container", "list-containers.response.json");
    CHECK_STATUS(certcentral_list_containers(client, &containers, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(containers) && CHECK_NOT_NULL(containers->containers)) {
        CHECK_EQ_INT(containers->containers_len, 1);
        CHECK_CONTAINS(containers->raw_json, "\"containers\"");
        const certcentral_container_details *c = &containers->containers[0];
        CHECK_EQ_INT(c->id, 11224);
        CHECK_EQ_STR(c->public_id, "abc");
        CHECK_EQ_STR(c->name, "History dept");
        CHECK_EQ_STR(c->description, "For history");
        CHECK_EQ_INT(c->parent_id, 3);
        CHECK_EQ_INT(c->template_id, 6);
        CHECK_EQ_STR(c->ekey, "k");
        CHECK_EQ_INT(c->has_logo, CERTCENTRAL_OPTIONAL_BOOL_FALSE);
        CHECK_EQ_INT(c->is_active, CERTCENTRAL_OPTIONAL_BOOL_TRUE);
        CHECK_EQ_INT(c->allowed_domain_names_len, 1);
        if (c->allowed_domain_names_len == 1) {
            CHECK_EQ_STR(c->allowed_domain_names[0], "example1.com");
        }
        CHECK_EQ_INT(c->user_id_assignments_len, 1);
        if (c->user_id_assignments_len == 1) {
            CHECK_EQ_INT(c->user_id_assignments[0], 125038);
        }
        CHECK_EQ_INT(c->organization_assignments_len, 1);
        if (c->organization_assignments_len == 1) {
            const certcentral_organization_assignment *a = &c->organization_assignments[0];
            CHECK_EQ_INT(a->id, 7);
            CHECK_EQ_STR(a->status, "active");
            CHECK_EQ_STR(a->name, "Org LLC");
            CHECK_EQ_STR(a->display_name, "Org");
            CHECK_EQ_INT(a->is_active, CERTCENTRAL_OPTIONAL_BOOL_TRUE); /* "1" in the docs */
            CHECK_CONTAINS(a->raw_json, "\"Org LLC\"");
        }
    }
    certcentral_container_list_free(containers);

    certcentral_role_list *roles = NULL;
    respond_with_fixture("GET container/{container_id}/role", "list-container-roles.response.json");
    CHECK_STATUS(certcentral_list_access_roles(client, 11224, &roles, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(roles) && CHECK_NOT_NULL(roles->roles)) {
        CHECK_EQ_INT(roles->roles_len, 1);
        CHECK_EQ_INT(roles->roles[0].id, 5);
        CHECK_EQ_STR(roles->roles[0].name, "Standard User");
        CHECK_CONTAINS(roles->raw_json, "\"access_roles\"");
    }
    certcentral_role_list_free(roles);
}

/* What the emulator answers before anything is created. */
static void test_current_user_containers_and_roles(void) {
    certcentral_error *err = NULL;
    certcentral_user_details *me = NULL;
    CHECK_STATUS(certcentral_current_user(client, &me, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(me)) {
        CHECK_EQ_INT(me->id, ADMIN_USER_ID);
        CHECK_EQ_STR(me->username, "admin");
        CHECK_EQ_INT(me->account_id, ROOT_ACCOUNT_ID);
        CHECK_EQ_STR(me->first_name, "Emulated");
        CHECK_EQ_STR(me->last_name, "Administrator");
        CHECK_EQ_STR(me->email, "admin@example.com");
        CHECK_EQ_STR(me->job_title, NULL);
        CHECK_EQ_STR(me->status, "active");
        CHECK_EQ_STR(me->user_type, "standard");
        CHECK_EQ_INT(me->has_container_assignments, CERTCENTRAL_OPTIONAL_BOOL_FALSE);
        if (CHECK_NOT_NULL(me->container)) {
            CHECK_EQ_INT(me->container->id, ROOT_CONTAINER_ID);
            CHECK_EQ_STR(me->container->name, "Emulated account");
        }
        CHECK_EQ_INT(me->access_roles_len, 1);
        if (me->access_roles_len == 1) {
            CHECK_EQ_INT(me->access_roles[0].id, 1);
            CHECK_EQ_STR(me->access_roles[0].name, "Administrator");
        }
    }
    certcentral_user_details_free(me);

    certcentral_container_list *containers = NULL;
    CHECK_STATUS(certcentral_list_containers(client, &containers, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(containers) && CHECK_NOT_NULL(containers->containers)) {
        CHECK_EQ_INT(containers->containers_len, 1);
        const certcentral_container_details *root = &containers->containers[0];
        CHECK_EQ_INT(root->id, ROOT_CONTAINER_ID);
        CHECK_EQ_STR(root->public_id, "c493e0"); /* the id in hex */
        CHECK_EQ_STR(root->name, "Emulated account");
        CHECK_EQ_STR(root->description, NULL);
        CHECK_EQ_INT(root->parent_id, 0);
        CHECK_EQ_INT(root->template_id, 4);
        CHECK_EQ_STR(root->ekey, "emulated-300000");
        CHECK_EQ_INT(root->has_logo, CERTCENTRAL_OPTIONAL_BOOL_FALSE);
        CHECK_EQ_INT(root->is_active, CERTCENTRAL_OPTIONAL_BOOL_TRUE);
        CHECK_EQ_INT(root->allowed_domain_names_len, 0);
        CHECK_EQ_INT(root->organization_assignments_len, 0);
        CHECK_EQ_INT(root->user_id_assignments_len, 1);
        if (root->user_id_assignments_len == 1) {
            CHECK_EQ_INT(root->user_id_assignments[0], ADMIN_USER_ID);
        }
    }
    certcentral_container_list_free(containers);

    certcentral_container_details *container = NULL;
    CHECK_STATUS(certcentral_get_container(client, ROOT_CONTAINER_ID, &container, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(container)) {
        CHECK_EQ_INT(container->id, ROOT_CONTAINER_ID);
        CHECK_EQ_STR(container->name, "Emulated account");
        CHECK_CONTAINS(container->raw_json, "\"user_id_assignments\"");
    }
    certcentral_container_details_free(container);

    static const char *access_roles[] = {"Administrator", "Limited User", "Finance Manager",
                                         "Manager", "Standard User"};
    certcentral_role_list *roles = NULL;
    CHECK_STATUS(certcentral_list_access_roles(client, ROOT_CONTAINER_ID, &roles, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(roles)) {
        CHECK_EQ_INT(roles->roles_len, 5);
        for (size_t i = 0; i < roles->roles_len && i < 5; i++) {
            CHECK_EQ_INT(roles->roles[i].id, (int64_t)i + 1);
            CHECK_EQ_STR(roles->roles[i].name, access_roles[i]);
        }
    }
    certcentral_role_list_free(roles);

    CHECK_STATUS(certcentral_list_api_key_roles(client, &roles, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(roles)) {
        CHECK_EQ_INT(roles->roles_len, 3);
        if (roles->roles_len == 3) {
            CHECK_EQ_INT(roles->roles[0].id, 100);
            CHECK_EQ_STR(roles->roles[0].name, "Orders");
            CHECK_EQ_INT(roles->roles[2].id, 102);
            CHECK_EQ_STR(roles->roles[2].name, "View Only");
        }
        CHECK_CONTAINS(roles->raw_json, "\"access_roles\"");
    }
    certcentral_role_list_free(roles);
}

static void test_users(void) {
    certcentral_error *err = NULL;
    control_discard(client, "POST", "_emulator/seed", "{\"users\": 5}");

    /* One rule for every list's limit: 1 to 1000, checked before sending. */
    certcentral_list_users_query too_many = {0};
    too_many.list.limit = 5000;
    certcentral_user_page *refused = NULL;
    CHECK_EQ_STATUS(certcentral_list_users(client, &too_many, &refused, &err),
                    CERTCENTRAL_STATUS_VALIDATION);
    CHECK_EQ_STR(certcentral_error_field(err), "limit");
    CHECK(refused == NULL);
    certcentral_error_clear(&err);

    /* Every query field reaches the server: the answer reflects each. */
    certcentral_list_users_query query = {0};
    query.list.limit = 2;
    query.list.offset = 1;
    query.list.sort = "-id";
    certcentral_user_page *page = NULL;
    CHECK_STATUS(certcentral_list_users(client, &query, &page, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(page)) {
        CHECK_EQ_INT(page->total, 6);
        CHECK_EQ_INT(page->limit, 2);
        CHECK_EQ_INT(page->offset, 1);
        CHECK_EQ_INT(page->users_len, 2);
        if (page->users_len == 2) {
            /* Descending: the newest seeded user is skipped by the offset. */
            CHECK_INT(page->users[0].id, >, page->users[1].id);
            CHECK_EQ_STR(page->users[0].first_name, "Seeded");
            CHECK_EQ_STR(page->users[0].status, "active");
            CHECK_NOT_NULL(page->users[0].container);
            CHECK_EQ_INT(page->users[0].access_roles_len, 1);
        }
        CHECK_CONTAINS(page->raw_json, "\"page\"");
    }
    int64_t seeded_id = page && page->users_len > 0 ? page->users[0].id : 0;
    certcentral_user_page_free(page);

    const char *names[] = {"status"};
    const char *values[] = {"active"};
    certcentral_list_users_query filtered = {0};
    filtered.list.filter_names = names;
    filtered.list.filter_values = values;
    filtered.list.filters_len = 1;
    filtered.list.search = "%seeded.user";
    filtered.without_container = CERTCENTRAL_OPTIONAL_BOOL_TRUE;
    CHECK_STATUS(certcentral_list_users(client, &filtered, &page, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(page)) {
        CHECK_EQ_INT(page->total, 5);
        CHECK_EQ_INT(page->users_len, 5);
        for (size_t i = 0; i < page->users_len; i++) {
            CHECK(page->users[i].container == NULL);
            CHECK_CONTAINS(page->users[i].username, "seeded.user");
        }
    }
    certcentral_user_page_free(page);

    values[0] = "inactive";
    CHECK_STATUS(certcentral_list_users(client, &filtered, &page, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(page)) {
        CHECK_EQ_INT(page->total, 0);
        CHECK_EQ_INT(page->users_len, 0);
        CHECK(page->users == NULL);
    }
    certcentral_user_page_free(page);

    /* Administrator (1) is the admin's role alone; seeded users have 1 + id % 5. */
    certcentral_list_users_query by_role = {0};
    by_role.access_role_id = 1;
    by_role.container_id = ROOT_CONTAINER_ID;
    CHECK_STATUS(certcentral_list_users(client, &by_role, &page, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(page)) {
        for (size_t i = 0; i < page->users_len; i++) {
            CHECK_EQ_INT(page->users[i].access_roles_len, 1);
            if (page->users[i].access_roles_len == 1) {
                CHECK_EQ_INT(page->users[i].access_roles[0].id, 1);
            }
        }
        CHECK_INT(page->users_len, >=, 1);
    }
    certcentral_user_page_free(page);

    /* A NULL query lists everyone with the server's defaults. */
    CHECK_STATUS(certcentral_list_users(client, NULL, &page, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(page)) {
        CHECK_EQ_INT(page->users_len, 6);
        CHECK_EQ_INT(page->limit, 1000);
    }
    certcentral_user_page_free(page);

    certcentral_user_details *user = NULL;
    CHECK_STATUS(certcentral_get_user(client, seeded_id, &user, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(user)) {
        char username[64];
        snprintf(username, sizeof username, "seeded.user%lld", (long long)seeded_id);
        CHECK_EQ_INT(user->id, seeded_id);
        CHECK_EQ_STR(user->username, username);
        CHECK_EQ_INT(user->access_roles_len, 1);
        if (user->access_roles_len == 1) {
            CHECK_EQ_INT(user->access_roles[0].id, seeded_id % 5 + 1);
        }
    }
    certcentral_user_details_free(user);
}

static certcentral_create_organization_request organization_request(const char *name) {
    certcentral_create_organization_request request = {0};
    request.name = name;
    request.assumed_name = "Readers";
    request.address = "1 Read Street";
    request.address2 = "Floor 2";
    request.city = "Lehi";
    request.state = "ut";
    request.zip = "84043";
    request.country = "US";
    request.telephone = "555-0100";
    request.organization_contact.first_name = "Rita";
    request.organization_contact.last_name = "Reader";
    request.organization_contact.email = "rita@read.example";
    request.organization_contact.telephone = "555-0101";
    request.organization_contact.telephone_extension = "42";
    return request;
}

static int64_t create_organization(const char *name) {
    certcentral_error *err = NULL;
    certcentral_create_organization_request request = organization_request(name);
    int64_t id = 0;
    CHECK_STATUS(certcentral_create_organization(client, &request, &id, &err), CERTCENTRAL_STATUS_OK, &err);
    return id;
}

static void test_organizations(void) {
    certcentral_error *err = NULL;
    int64_t ids[3] = {create_organization("Alpha Readers"), create_organization("Beta Readers"),
                      create_organization("Gamma Writers")};

    certcentral_list_organizations_query query = {0};
    query.include_validation = CERTCENTRAL_OPTIONAL_BOOL_TRUE;
    query.list.search = "Readers"; /* organizations: a name containing the text */
    query.list.sort = "-name";
    certcentral_organization_page *page = NULL;
    CHECK_STATUS(certcentral_list_organizations(client, &query, &page, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(page)) {
        CHECK_EQ_INT(page->total, 2);
        CHECK_EQ_INT(page->organizations_len, 2);
    }
    if (page != NULL && page->organizations_len == 2) {
        const certcentral_organization_details *beta = &page->organizations[0];
        CHECK_EQ_INT(beta->id, ids[1]);
        CHECK_EQ_STR(beta->name, "Beta Readers");
        CHECK_EQ_STR(beta->assumed_name, "Readers");
        CHECK_EQ_STR(beta->display_name, "Beta Readers (Readers)");
        CHECK_EQ_STR(beta->status, "active");
        CHECK_EQ_INT(beta->is_active, CERTCENTRAL_OPTIONAL_BOOL_TRUE);
        CHECK_EQ_STR(beta->address, "1 Read Street");
        CHECK_EQ_STR(beta->address2, "Floor 2");
        CHECK_EQ_STR(beta->city, "Lehi");
        CHECK_EQ_STR(beta->state, "ut");
        CHECK_EQ_STR(beta->zip, "84043");
        CHECK_EQ_STR(beta->country, "us");
        CHECK_EQ_STR(beta->telephone, "555-0100");
        CHECK(beta->organization_contact == NULL); /* lists leave the contact out */
        CHECK_EQ_INT(beta->validations_len, 0);
        CHECK_CONTAINS(beta->raw_json, "\"validations\"");
        if (CHECK_NOT_NULL(beta->container)) {
            CHECK_EQ_INT(beta->container->id, ROOT_CONTAINER_ID);
        }
        CHECK_EQ_STR(page->organizations[1].name, "Alpha Readers");
    }
    certcentral_organization_page_free(page);

    /* Without include_validation, no validations are sent at all. */
    query.include_validation = CERTCENTRAL_OPTIONAL_BOOL_UNSET;
    CHECK_STATUS(certcentral_list_organizations(client, &query, &page, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(page) && page->organizations_len > 0) {
        CHECK_NOT_CONTAINS(page->organizations[0].raw_json, "\"validations\"");
    }
    certcentral_organization_page_free(page);

    certcentral_organization_details *org = NULL;
    CHECK_STATUS(certcentral_get_organization(client, ids[2], &org, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(org)) {
        CHECK_EQ_INT(org->id, ids[2]);
        CHECK_EQ_STR(org->name, "Gamma Writers");
        if (CHECK_NOT_NULL(org->organization_contact)) {
            CHECK_INT(org->organization_contact->id, >, 0);
            CHECK_EQ_STR(org->organization_contact->first_name, "Rita");
            CHECK_EQ_STR(org->organization_contact->last_name, "Reader");
            CHECK_EQ_STR(org->organization_contact->email, "rita@read.example");
            CHECK_EQ_STR(org->organization_contact->telephone, "555-0101");
            CHECK_EQ_STR(org->organization_contact->telephone_extension, "42");
            CHECK_EQ_STR(org->organization_contact->job_title, NULL);
        }
    }
    certcentral_organization_details_free(org);

    /* The root container now lists the organizations assigned to it. */
    certcentral_container_details *root = NULL;
    CHECK_STATUS(certcentral_get_container(client, ROOT_CONTAINER_ID, &root, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(root)) {
        CHECK_EQ_INT(root->organization_assignments_len, 3);
        if (root->organization_assignments_len == 3) {
            CHECK_EQ_INT(root->organization_assignments[2].id, ids[2]);
            CHECK_EQ_STR(root->organization_assignments[2].name, "Gamma Writers");
            CHECK_EQ_STR(root->organization_assignments[2].status, "active");
            CHECK_EQ_INT(root->organization_assignments[2].is_active, CERTCENTRAL_OPTIONAL_BOOL_TRUE);
        }
    }
    certcentral_container_details_free(root);
}

static certcentral_create_subaccount_request subaccount_request(const char *org_name, const char *email) {
    static const char *grandchildren[] = {"retail"};
    certcentral_create_subaccount_request request = {0};
    request.account_type = "retail";
    request.allowed_grandchildren = grandchildren;
    request.allowed_grandchildren_len = 1;
    request.account_manager_user_id = ADMIN_USER_ID;
    request.user.first_name = "Sam";
    request.user.last_name = "Sub";
    request.user.email = email;
    request.user.job_title = "Owner";
    request.organization.name = org_name;
    request.organization.address = "2 Sub Street";
    request.organization.zip = "84043";
    request.organization.city = "Lehi";
    request.organization.state = "ut";
    request.organization.country = "us";
    return request;
}

static int64_t create_subaccount(const char *org_name, const char *email, const char *child_name) {
    certcentral_error *err = NULL;
    certcentral_create_subaccount_request request = subaccount_request(org_name, email);
    request.child_name = child_name;
    certcentral_subaccount *sub = NULL;
    CHECK_STATUS(certcentral_create_subaccount(client, &request, &sub, &err), CERTCENTRAL_STATUS_OK, &err);
    int64_t id = sub ? sub->id : 0;
    certcentral_subaccount_free(sub);
    return id;
}

static void test_subaccounts(void) {
    certcentral_error *err = NULL;
    int64_t ids[3] = {create_subaccount("Sub One", "one@sub.example", NULL),
                      create_subaccount("Sub Two", "two@sub.example", "Second"),
                      create_subaccount("Sub Three", "three@sub.example", NULL)};

    certcentral_list_subaccounts_query query = {0};
    query.list.search = "%Sub T";
    query.list.sort = "organization_name";
    certcentral_subaccount_page *page = NULL;
    CHECK_STATUS(certcentral_list_subaccounts(client, &query, &page, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(page)) {
        CHECK_EQ_INT(page->total, 2);
        CHECK_EQ_INT(page->subaccounts_len, 2);
    }
    if (page != NULL && page->subaccounts_len == 2) {
        const certcentral_subaccount_summary *three = &page->subaccounts[0];
        CHECK_EQ_INT(three->id, ids[2]);
        CHECK_EQ_STR(three->organization_name, "Sub Three");
        CHECK_EQ_STR(three->account_type, "retail");
        CHECK_EQ_STR(three->account_manager, "Emulated Administrator");
        CHECK_EQ_INT(strlen(three->date_created), 19);
        CHECK_EQ_INT(page->subaccounts[1].id, ids[1]);
    }
    certcentral_subaccount_page_free(page);

    certcentral_subaccount_details *sub = NULL;
    CHECK_STATUS(certcentral_get_subaccount(client, ids[1], &sub, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(sub)) {
        CHECK_EQ_INT(sub->id, ids[1]);
        CHECK_EQ_STR(sub->account_type, "retail");
        CHECK_EQ_STR(sub->organization_name, "Sub Two");
        CHECK_EQ_STR(sub->child_name, "Second");
        CHECK_EQ_INT(sub->parent_account_id, ROOT_ACCOUNT_ID);
        CHECK_EQ_INT(sub->billing_account_id, ids[1]); /* not billed to the parent */
        CHECK_EQ_STR(sub->billing_account_name, "Sub Two");
        CHECK_EQ_INT(sub->bill_parent, CERTCENTRAL_OPTIONAL_BOOL_FALSE);
        CHECK_EQ_STR(sub->account_manager, "Emulated Administrator");
        if (CHECK_NOT_NULL(sub->master_user)) {
            CHECK_EQ_STR(sub->master_user->email, "two@sub.example");
            CHECK_EQ_STR(sub->master_user->job_title, "Owner");
            CHECK_EQ_STR(sub->master_user->telephone, NULL);
            CHECK_EQ_INT(sub->master_user->i18n_language_id, 1);
            CHECK_INT(sub->master_user->container_id, >, ROOT_CONTAINER_ID);
        }
        if (CHECK_NOT_NULL(sub->organization)) {
            CHECK_EQ_STR(sub->organization->name, "Sub Two");
            if (CHECK_NOT_NULL(sub->organization->container)) {
                CHECK_EQ_INT(sub->organization->container->id, sub->master_user ? sub->master_user->container_id : -1);
            }
        }
    }

    /* Each subaccount has its own division, named after it. */
    certcentral_container_details *division = NULL;
    int64_t division_id = sub && sub->master_user ? sub->master_user->container_id : 0;
    certcentral_subaccount_details_free(sub);
    CHECK_STATUS(certcentral_get_container(client, division_id, &division, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(division)) {
        CHECK_EQ_STR(division->name, "Second");
        CHECK_EQ_STR(division->description, "Division of subaccount Second");
        CHECK_EQ_INT(division->parent_id, ROOT_CONTAINER_ID);
        CHECK_EQ_INT(division->template_id, 6);
    }
    certcentral_container_details_free(division);

    certcentral_container_list *containers = NULL;
    CHECK_STATUS(certcentral_list_containers(client, &containers, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(containers)) {
        CHECK_EQ_INT(containers->containers_len, 4); /* the root and one per subaccount */
    }
    certcentral_container_list_free(containers);
}

static int64_t user_id_of(const void *record) {
    const certcentral_user_details *user = record;
    return user->id;
}

static int64_t organization_id_of(const void *record) {
    const certcentral_organization_details *org = record;
    return org->id;
}

static int64_t subaccount_id_of(const void *record) {
    const certcentral_subaccount_summary *sub = record;
    return sub->id;
}

static int64_t invite_id_of(const void *record) {
    const certcentral_invite *invite = record;
    return invite->id;
}

/* Follows an iterator to its end (at most BOUND records); returns how many records it gave, or
 * -1 on a failure. `*rising` tells whether their ids rose strictly: none twice, none skipped
 * back. After the end, the iterator stays at the end. */
static int64_t drain(certcentral_iter *iter, int64_t (*id_of)(const void *), int *rising) {
    certcentral_error *err = NULL;
    int64_t count = 0, last = INT64_MIN;
    *rising = 1;
    while (count < BOUND) {
        const void *record = NULL;
        certcentral_status st = certcentral_iter_next(iter, &record, &err);
        if (st != CERTCENTRAL_STATUS_OK) {
            CHECK_STATUS(st, CERTCENTRAL_STATUS_OK, &err);
            return -1;
        }
        if (record == NULL) {
            const void *again = (const void *)&count;
            CHECK_STATUS(certcentral_iter_next(iter, &again, &err), CERTCENTRAL_STATUS_OK, &err);
            CHECK(again == NULL);
            return count;
        }
        int64_t id = id_of(record);
        *rising &= id > last;
        last = id;
        count++;
    }
    return count;
}

/* One iterator type follows every list across pages, a page per request. */
static void test_generic_iterator(void) {
    certcentral_error *err = NULL;
    certcentral_iter *iter = NULL;
    int rising = 0;

    long before = route_count("GET user");
    certcentral_list_users_query users = {0};
    users.list.limit = 2;
    CHECK_STATUS(certcentral_iter_users(client, &users, &iter, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_EQ_INT(route_count("GET user"), before); /* nothing is sent before the first next */
    CHECK_EQ_INT(certcentral_iter_total(iter), -1);
    CHECK_EQ_INT(certcentral_iter_fetched(iter), 0);
    CHECK_EQ_INT(drain(iter, user_id_of, &rising), 6);
    CHECK(rising);
    CHECK_EQ_INT(certcentral_iter_total(iter), 6);
    CHECK_EQ_INT(certcentral_iter_fetched(iter), 6);
    CHECK_EQ_INT(route_count("GET user") - before, 3);
    certcentral_iter_free(iter);

    before = route_count("GET organization");
    certcentral_list_organizations_query orgs = {0};
    orgs.list.limit = 2;
    CHECK_STATUS(certcentral_iter_organizations(client, &orgs, &iter, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_EQ_INT(drain(iter, organization_id_of, &rising), 3);
    CHECK(rising);
    CHECK_EQ_INT(certcentral_iter_total(iter), 3);
    CHECK_EQ_INT(route_count("GET organization") - before, 2);
    certcentral_iter_free(iter);

    /* A NULL query follows everything with the default page size. */
    CHECK_STATUS(certcentral_iter_subaccounts(client, NULL, &iter, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_EQ_INT(drain(iter, subaccount_id_of, &rising), 3);
    CHECK(rising);
    certcentral_iter_free(iter);
    certcentral_list_subaccounts_query subs = {0};
    subs.list.limit = 1;
    subs.list.offset = 1;
    CHECK_STATUS(certcentral_iter_subaccounts(client, &subs, &iter, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_EQ_INT(drain(iter, subaccount_id_of, &rising), 2);
    CHECK_EQ_INT(certcentral_iter_fetched(iter), 2);
    certcentral_iter_free(iter);

    control_discard(client, "POST", "_emulator/seed", "{\"invites\": 25}");
    before = route_count("GET account/subaccount/invite");
    certcentral_list_invites_query invites = {0};
    invites.limit = 4;
    CHECK_STATUS(certcentral_iter_invites(client, &invites, &iter, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_EQ_INT(drain(iter, invite_id_of, &rising), 25);
    CHECK(rising);
    CHECK_EQ_INT(certcentral_iter_total(iter), 25);
    CHECK_EQ_INT(route_count("GET account/subaccount/invite") - before, 7);
    certcentral_iter_free(iter);

    /* One page at a time gives the same records with the same requests. */
    before = route_count("GET account/subaccount/invite");
    CHECK_STATUS(certcentral_iter_invites(client, &invites, &iter, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_STATUS(certcentral_iter_set_prefetch(iter, 0, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK_EQ_INT(drain(iter, invite_id_of, &rising), 25);
    CHECK(rising);
    CHECK_EQ_INT(route_count("GET account/subaccount/invite") - before, 7);
    certcentral_iter_free(iter);
    CHECK_EQ_STATUS(certcentral_iter_set_prefetch(NULL, 2, &err), CERTCENTRAL_STATUS_INVALID_ARGUMENT);
    CHECK_CONTAINS(certcentral_error_message(err), "iter");
    certcentral_error_clear(&err);

    /* An invite iterator's records are `const certcentral_invite *`. */
    CHECK_STATUS(certcentral_iter_invites(client, &invites, &iter, &err), CERTCENTRAL_STATUS_OK, &err);
    const void *first = NULL;
    CHECK_STATUS(certcentral_iter_next(iter, &first, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(first)) {
        const certcentral_invite *invite = first;
        CHECK_EQ_INT(invite->id, 1);
        CHECK_CONTAINS(invite->email, "invitee0@");
    }
    CHECK_EQ_INT(drain(iter, invite_id_of, &rising), 24);
    CHECK_EQ_INT(certcentral_iter_fetched(iter), 25);
    CHECK_EQ_INT(certcentral_iter_total(iter), 25);
    certcentral_iter_free(iter);

    /* A failed page is retried by the next call; stopping early frees the current page. */
    CHECK_STATUS(certcentral_iter_users(client, &users, &iter, &err), CERTCENTRAL_STATUS_OK, &err);
    control_discard(client, "POST", "_emulator/faults",
                    "{\"route\": \"GET user\", \"kind\": \"respond\", \"status\": 400, \"times\": 1}");
    const void *record = &rising;
    CHECK_STATUS(certcentral_iter_next(iter, &record, &err), CERTCENTRAL_STATUS_BAD_REQUEST, &err);
    CHECK(record == NULL);
    CHECK_STATUS(certcentral_iter_next(iter, &record, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(record)) {
        CHECK_EQ_INT(user_id_of(record), ADMIN_USER_ID);
    }
    certcentral_iter_free(iter);

    /* A bad query fails when the iterator is made, naming the field; nothing is sent. */
    users.list.limit = 0;
    users.container_id = -4;
    iter = (certcentral_iter *)&rising;
    certcentral_status st = certcentral_iter_users(client, &users, &iter, &err);
    CHECK_EQ_STATUS(st, CERTCENTRAL_STATUS_VALIDATION);
    CHECK(iter == NULL);
    CHECK_CONTAINS(certcentral_error_message(err), "container_id");
    certcentral_error_clear(&err);
}

/* Expects `status` with `out` set to NULL and a message containing `part`; frees the error.
 * `call` refers to `e_`. */
#define EXPECT_FAILURE(call, out, status, part)                   \
    do {                                                          \
        certcentral_error *e_ = NULL;                             \
        (out) = (void *)&e_; /* must be overwritten with NULL */  \
        certcentral_status s_ = (call);                           \
        CHECK_EQ_STATUS(s_, status);                              \
        CHECK((out) == NULL);                                     \
        CHECK_CONTAINS(certcentral_error_message(e_), part);      \
        certcentral_error_clear(&e_);                               \
    } while (0)

/* An unknown id is NOT_FOUND; an id <= 0 is VALIDATION, naming it, and nothing is sent. */
static void test_unknown_and_impossible_ids(void) {
    certcentral_user_details *user = NULL;
    certcentral_organization_details *org = NULL;
    certcentral_subaccount_details *sub = NULL;
    certcentral_container_details *container = NULL;
    certcentral_role_list *roles = NULL;
    const char *not_found = "HTTP 404";

    EXPECT_FAILURE(certcentral_get_user(client, 987654, &user, &e_), user, CERTCENTRAL_STATUS_NOT_FOUND, not_found);
    EXPECT_FAILURE(certcentral_get_organization(client, 987654, &org, &e_), org, CERTCENTRAL_STATUS_NOT_FOUND, not_found);
    EXPECT_FAILURE(certcentral_get_subaccount(client, 987654, &sub, &e_), sub, CERTCENTRAL_STATUS_NOT_FOUND, not_found);
    EXPECT_FAILURE(certcentral_get_container(client, 987654, &container, &e_), container, CERTCENTRAL_STATUS_NOT_FOUND, not_found);
    EXPECT_FAILURE(certcentral_list_access_roles(client, 987654, &roles, &e_), roles, CERTCENTRAL_STATUS_NOT_FOUND, not_found);

    char *before = control(client, "GET", "_emulator/stats", NULL);
    const int64_t impossible[] = {0, -1, INT64_MIN};
    for (size_t i = 0; i < sizeof impossible / sizeof impossible[0]; i++) {
        int64_t id = impossible[i];
        EXPECT_FAILURE(certcentral_get_user(client, id, &user, &e_), user, CERTCENTRAL_STATUS_VALIDATION, "user_id");
        EXPECT_FAILURE(certcentral_get_organization(client, id, &org, &e_), org, CERTCENTRAL_STATUS_VALIDATION, "organization_id");
        EXPECT_FAILURE(certcentral_get_subaccount(client, id, &sub, &e_), sub, CERTCENTRAL_STATUS_VALIDATION, "subaccount_id");
        EXPECT_FAILURE(certcentral_get_container(client, id, &container, &e_), container, CERTCENTRAL_STATUS_VALIDATION, "container_id");
        EXPECT_FAILURE(certcentral_list_access_roles(client, id, &roles, &e_), roles, CERTCENTRAL_STATUS_VALIDATION, "container_id");
    }
    /* List queries that break a rule are not sent either. */
    certcentral_user_page *users = NULL;
    certcentral_list_users_query bad_users = {0};
    bad_users.access_role_id = -2;
    EXPECT_FAILURE(certcentral_list_users(client, &bad_users, &users, &e_), users, CERTCENTRAL_STATUS_VALIDATION, "access_role_id");
    const char *names[] = {"search"};
    const char *values[] = {"x"};
    certcentral_list_organizations_query bad_orgs = {0};
    bad_orgs.list.filter_names = names;
    bad_orgs.list.filter_values = values;
    bad_orgs.list.filters_len = 1;
    certcentral_organization_page *orgs = NULL;
    EXPECT_FAILURE(certcentral_list_organizations(client, &bad_orgs, &orgs, &e_), orgs, CERTCENTRAL_STATUS_VALIDATION, "filters[search]");
    char *after = control(client, "GET", "_emulator/stats", NULL);
    CHECK_EQ_STR(after, before);
    certcentral_string_free(before);
    certcentral_string_free(after);
}

/* Create an organization, a user and a subaccount, then find each through the read side. */
static void test_create_then_find(void) {
    certcentral_error *err = NULL;
    int64_t org_id = create_organization("Round Trip Works");
    CHECK_INT(org_id, >, 0);
    certcentral_list_organizations_query org_query = {0};
    org_query.list.search = "Round Trip Works";
    certcentral_organization_page *orgs = NULL;
    CHECK_STATUS(certcentral_list_organizations(client, &org_query, &orgs, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(orgs)) {
        CHECK_EQ_INT(orgs->organizations_len, 1);
        if (orgs->organizations_len == 1) {
            CHECK_EQ_INT(orgs->organizations[0].id, org_id);
        }
    }
    certcentral_organization_page_free(orgs);
    certcentral_organization_details *org = NULL;
    CHECK_STATUS(certcentral_get_organization(client, org_id, &org, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(org)) {
        CHECK_EQ_STR(org->name, "Round Trip Works");
        CHECK_NOT_NULL(org->organization_contact);
    }
    certcentral_organization_details_free(org);

    int64_t roles[] = {4};
    certcentral_add_user_request request = {0};
    request.username = "round.trip";
    request.first_name = "Rory";
    request.last_name = "Trip";
    request.email = "rory@trip.example";
    request.job_title = "Courier";
    request.access_role_ids = roles;
    request.access_role_ids_len = 1;
    int64_t user_id = 0;
    CHECK_STATUS(certcentral_add_user(client, &request, &user_id, &err), CERTCENTRAL_STATUS_OK, &err);
    certcentral_list_users_query user_query = {0};
    user_query.list.search = "round.trip"; /* an exact username */
    certcentral_user_page *users = NULL;
    CHECK_STATUS(certcentral_list_users(client, &user_query, &users, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(users)) {
        CHECK_EQ_INT(users->users_len, 1);
        if (users->users_len == 1) {
            CHECK_EQ_INT(users->users[0].id, user_id);
        }
    }
    certcentral_user_page_free(users);
    certcentral_user_details *user = NULL;
    CHECK_STATUS(certcentral_get_user(client, user_id, &user, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(user)) {
        CHECK_EQ_STR(user->username, "round.trip");
        CHECK_EQ_STR(user->email, "rory@trip.example");
        CHECK_EQ_STR(user->job_title, "Courier");
        CHECK_EQ_INT(user->access_roles_len, 1);
        if (user->access_roles_len == 1) {
            CHECK_EQ_INT(user->access_roles[0].id, 4);
            CHECK_EQ_STR(user->access_roles[0].name, "Manager");
        }
    }
    certcentral_user_details_free(user);

    int64_t sub_id = create_subaccount("Round Trip Subsidiary", "sub@trip.example", NULL);
    CHECK_INT(sub_id, >, 0);
    certcentral_list_subaccounts_query sub_query = {0};
    sub_query.list.search = "Round Trip Subsidiary";
    certcentral_iter *iter = NULL;
    CHECK_STATUS(certcentral_iter_subaccounts(client, &sub_query, &iter, &err), CERTCENTRAL_STATUS_OK, &err);
    const void *record = NULL;
    CHECK_STATUS(certcentral_iter_next(iter, &record, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(record)) {
        const certcentral_subaccount_summary *found = record;
        CHECK_EQ_INT(found->id, sub_id);
        CHECK_EQ_STR(found->organization_name, "Round Trip Subsidiary");
    }
    CHECK_STATUS(certcentral_iter_next(iter, &record, &err), CERTCENTRAL_STATUS_OK, &err);
    CHECK(record == NULL);
    certcentral_iter_free(iter);
    certcentral_subaccount_details *sub = NULL;
    CHECK_STATUS(certcentral_get_subaccount(client, sub_id, &sub, &err), CERTCENTRAL_STATUS_OK, &err);
    if (CHECK_NOT_NULL(sub)) {
        CHECK_EQ_STR(sub->organization_name, "Round Trip Subsidiary");
        if (CHECK_NOT_NULL(sub->master_user)) {
            CHECK_EQ_STR(sub->master_user->email, "sub@trip.example");
        }
    }
    certcentral_subaccount_details_free(sub);
}

int main(void) {
    client = test_client(NULL, 0, 0);
    test_docs_examples();
    test_current_user_containers_and_roles();
    test_users();
    test_organizations();
    test_subaccounts();
    test_generic_iterator();
    test_unknown_and_impossible_ids();
    test_create_then_find();
    /* Frees accept NULL. */
    certcentral_user_details_free(NULL);
    certcentral_iter_free(NULL);
    certcentral_client_free(client);
    return harness_report("test_read");
}
