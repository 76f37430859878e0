//! `ListParams`: the filters, search, sort and pagination that every list endpoint takes
//! (`filters[<property>]=…`, `filters[search]=…`, `sort=…`, `offset=…`, `limit=…`).

use std::collections::BTreeMap;

use crate::http::query;
use crate::validate::{
    broken, max_chars, optional_max_chars, page_limit, Checked, Rule, Rules, MAX_QUERY_VALUE_CHARS,
};

/// The parameters every list endpoint shares. Fields left empty are not sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListParams {
    /// `filters[<name>]=<value>`: exact matches on a property (names are letters, digits and
    /// `_`; the search is [`ListParams::search`], not a filter).
    pub filters: BTreeMap<String, String>,
    /// `filters[search]`: the endpoint's free-text search; on most endpoints a leading `%`
    /// means "contains" (it is sent as `%25`).
    pub search: Option<String>,
    /// `sort`: comma-separated properties, each with an optional leading `-` for descending.
    pub sort: Option<String>,
    /// `offset`: index of the first result.
    pub offset: Option<u32>,
    /// `limit`: page size (at least 1).
    pub limit: Option<u32>,
}

impl ListParams {
    /// The query-string pairs, after the endpoint's own `extra` parameters.
    pub(crate) fn encode<'a>(&'a self, extra: &[(&'a str, String)]) -> String {
        let filters: Vec<(String, &str)> = self
            .filters
            .iter()
            .map(|(name, value)| (format!("filters[{name}]"), value.as_str()))
            .collect();
        let numbers = [("offset", self.offset), ("limit", self.limit)]
            .map(|(name, n)| (name, n.map(|n| n.to_string())));
        let pairs = extra
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .chain(filters.iter().map(|(name, value)| (name.as_str(), *value)))
            .chain(self.search.as_deref().map(|s| ("filters[search]", s)))
            .chain(self.sort.as_deref().map(|s| ("sort", s)))
            .chain(
                numbers
                    .iter()
                    .filter_map(|(name, value)| value.as_deref().map(|v| (*name, v))),
            );
        query::encode(pairs)
    }

    /// Parses a query string as a server would: the shared parameters, and every other
    /// parameter by name. `Err` names the parameter and the rule.
    pub fn from_query_string(
        raw: &str,
    ) -> Result<(ListParams, BTreeMap<String, String>), (String, String)> {
        let mut params = ListParams::default();
        let mut extra = BTreeMap::new();
        for (name, value) in query::decode(raw) {
            let number = |value: &str| {
                value
                    .parse::<u32>()
                    .map_err(|_| (name.clone(), "must be a non-negative integer".to_owned()))
            };
            match name.as_str() {
                "filters[search]" => params.search = Some(value),
                "sort" => params.sort = Some(value),
                "offset" => params.offset = Some(number(&value)?),
                "limit" => params.limit = Some(number(&value)?),
                _ => match name
                    .strip_prefix("filters[")
                    .and_then(|n| n.strip_suffix(']'))
                {
                    Some(filter) => {
                        params.filters.insert(filter.to_owned(), value);
                    }
                    None => {
                        extra.insert(name, value);
                    }
                },
            }
        }
        Ok((params, extra))
    }
}

impl Rules for ListParams {
    fn check(&self) -> Checked {
        optional_max_chars("search", &self.search, MAX_QUERY_VALUE_CHARS)?;
        optional_max_chars("sort", &self.sort, MAX_QUERY_VALUE_CHARS)?;
        for (name, value) in &self.filters {
            max_chars(&format!("filters[{name}]"), value, MAX_QUERY_VALUE_CHARS)?;
        }
        for name in self.filters.keys() {
            let fine = !name.is_empty()
                && name != "search"
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !fine {
                return broken(&format!("filters[{name}]"), Rule::FilterName);
            }
        }
        page_limit(self.limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_parameter_is_encoded_and_parsed_back() {
        let params = ListParams {
            filters: BTreeMap::from([("status".into(), "active&limit=1".into())]),
            search: Some("%gmail".into()),
            sort: Some("-date_created,name".into()),
            offset: Some(10),
            limit: Some(5),
        };
        let text = params.encode(&[("container_id", "7".into())]);
        assert_eq!(
            text,
            "container_id=7&filters%5Bstatus%5D=active%26limit%3D1&filters%5Bsearch%5D=%25gmail\
             &sort=-date_created%2Cname&offset=10&limit=5"
        );
        let (parsed, extra) = ListParams::from_query_string(&text).unwrap();
        assert_eq!(parsed, params);
        assert_eq!(extra.get("container_id").map(String::as_str), Some("7"));
        assert_eq!(ListParams::default().encode(&[]), "");
        assert_eq!(
            ListParams::from_query_string("limit=-1").unwrap_err().0,
            "limit"
        );
    }
}
