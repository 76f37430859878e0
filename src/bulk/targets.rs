//! The requests of the plan kinds that change or remove what exists, or create under a parent:
//! the id they act on with what to do to it. Each is safe to journal: sending it again after an
//! attempt that may have been carried out either leaves the same result (an update, a list
//! replacement) or is settled by the read side first (a deletion, a revocation, a division
//! looked up by name under its parent).

use serde::{Deserialize, Serialize};

use crate::api::{
    CreateContainerRequest, SubmitValidationRequest, UpdateUserRequest, ValidationParams,
};
use crate::validate::{broken, positive_id, positive_ids, Checked, Found, Rule, Rules, Violation};

/// `update_user`: the user and the fields to change (the others are kept).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserUpdate {
    /// The user to change.
    #[serde(default)]
    pub user_id: i64,
    /// The fields to change.
    #[serde(default)]
    pub changes: UpdateUserRequest,
}

/// `delete_user`: the user to delete.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserTarget {
    /// The user.
    #[serde(default)]
    pub user_id: i64,
}

/// `set_user_roles`: the user and the whole set of its access roles.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserRoles {
    /// The user.
    #[serde(default)]
    pub user_id: i64,
    /// Access role ids (at least one).
    #[serde(default)]
    pub access_roles: Vec<i64>,
}

/// `set_user_containers`: the user and the whole list of divisions it is restricted to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserContainers {
    /// The user.
    #[serde(default)]
    pub user_id: i64,
    /// Container ids (empty: no restriction).
    #[serde(default)]
    pub container_ids: Vec<i64>,
}

/// `revoke_api_key`: the key to revoke.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyTarget {
    /// The key's id (never the key itself).
    #[serde(default)]
    pub key_id: i64,
}

/// `delete_organization`: the organization to delete.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationTarget {
    /// The organization.
    #[serde(default)]
    pub organization_id: i64,
}

/// `create_container`: a division under a parent (its name must be unique under the parent:
/// that is how a resumed run finds it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContainerCreation {
    /// The parent container.
    #[serde(default)]
    pub parent_id: i64,
    /// The new division.
    #[serde(default)]
    pub container: CreateContainerRequest,
}

/// `submit_organization_validation`: the organization and the validation types to get (`ov`,
/// `ev`, …; those that need verified users cannot be named here).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganizationValidation {
    /// The organization.
    #[serde(default)]
    pub organization_id: i64,
    /// Validation types, at least one.
    #[serde(default)]
    pub validations: Vec<String>,
}

/// The validation types a plan can name: those that need no verified users.
const VALIDATIONS_WITHOUT_USERS: [&str; 3] = ["ov", "ds", "smime"];

impl OrganizationValidation {
    /// The request body.
    pub fn request(&self) -> SubmitValidationRequest {
        SubmitValidationRequest {
            validations: self
                .validations
                .iter()
                .map(|t| ValidationParams {
                    validation_type: t.clone(),
                    verified_users: Vec::new(),
                })
                .collect(),
        }
    }
}

/// The violations of a nested request, with their fields under `prefix`.
fn nested(prefix: &str, violations: Vec<Violation>) -> Vec<Violation> {
    violations
        .into_iter()
        .map(|v| Violation {
            field: format!("{prefix}.{}", v.field),
            rule: v.rule,
        })
        .collect()
}

impl Rules for UserUpdate {
    fn check(&self) -> Checked {
        crate::validate::first(self.violations())
    }
    fn violations(&self) -> Vec<Violation> {
        let mut found = Found::default();
        found.add(positive_id("user_id", self.user_id));
        found.0.extend(nested("changes", self.changes.violations()));
        found.0
    }
}

impl Rules for UserTarget {
    fn check(&self) -> Checked {
        positive_id("user_id", self.user_id)
    }
}

impl Rules for UserRoles {
    fn check(&self) -> Checked {
        crate::validate::first(self.violations())
    }
    fn violations(&self) -> Vec<Violation> {
        let mut found = Found::default();
        found.add(positive_id("user_id", self.user_id));
        if self.access_roles.is_empty() {
            found.add(broken("access_roles", Rule::NonEmptyList));
        }
        found.add(positive_ids("access_roles", &self.access_roles));
        found.0
    }
}

impl Rules for UserContainers {
    fn check(&self) -> Checked {
        crate::validate::first(self.violations())
    }
    fn violations(&self) -> Vec<Violation> {
        let mut found = Found::default();
        found.add(positive_id("user_id", self.user_id));
        found.add(positive_ids("container_ids", &self.container_ids));
        found.0
    }
}

impl Rules for KeyTarget {
    fn check(&self) -> Checked {
        positive_id("key_id", self.key_id)
    }
}

impl Rules for OrganizationTarget {
    fn check(&self) -> Checked {
        positive_id("organization_id", self.organization_id)
    }
}

impl Rules for OrganizationValidation {
    fn check(&self) -> Checked {
        crate::validate::first(self.violations())
    }
    fn violations(&self) -> Vec<Violation> {
        let mut found = Found::default();
        found.add(positive_id("organization_id", self.organization_id));
        if self.validations.is_empty() {
            found.add(broken("validations", Rule::NonEmptyList));
        }
        for (i, kind) in self.validations.iter().enumerate() {
            if !VALIDATIONS_WITHOUT_USERS.contains(&kind.to_ascii_lowercase().as_str()) {
                let rule = Rule::OneOfWords {
                    allowed: &VALIDATIONS_WITHOUT_USERS,
                    got: kind.clone(),
                };
                found.add(broken(&format!("validations[{i}]"), rule));
            }
        }
        found.0
    }
}

impl Rules for ContainerCreation {
    fn check(&self) -> Checked {
        crate::validate::first(self.violations())
    }
    fn violations(&self) -> Vec<Violation> {
        let mut found = Found::default();
        found.add(positive_id("parent_id", self.parent_id));
        found
            .0
            .extend(nested("container", self.container.violations()));
        found.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_rules_name_the_field_under_its_parent() {
        let update = UserUpdate {
            user_id: 0,
            changes: UpdateUserRequest::default(),
        };
        let fields: Vec<String> = update.violations().into_iter().map(|v| v.field).collect();
        assert_eq!(fields, ["user_id", "changes.request"]);
        let creation = ContainerCreation {
            parent_id: 5,
            container: CreateContainerRequest::new(" ", 0),
        };
        let fields: Vec<String> = creation.violations().into_iter().map(|v| v.field).collect();
        assert_eq!(fields, ["container.name"]);
    }

    #[test]
    fn role_lists_need_one_positive_id_each() {
        let none = UserRoles {
            user_id: 1,
            access_roles: vec![],
        };
        assert_eq!(none.check().unwrap_err().rule, Rule::NonEmptyList);
        let bad = UserRoles {
            user_id: 1,
            access_roles: vec![2, -3],
        };
        assert_eq!(bad.check().unwrap_err().field, "access_roles[1]");
        let clear = UserContainers {
            user_id: 1,
            container_ids: vec![],
        };
        assert!(
            clear.check().is_ok(),
            "an empty division list lifts the restriction"
        );
    }
}
