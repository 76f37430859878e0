//! `Page<T>`: one page of any list endpoint (`{"<records>": [...], "page": {...}}`), decoded by
//! one machinery for every record type.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use serde::de::{IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use super::lenient;
use super::raw::{RawBody, RawJson, Record, Response};

/// A record type that list endpoints return, and the name(s) of the array holding it.
pub trait Listed: Record {
    /// The array's name in a list response; where the docs disagree, every spelling (e.g.
    /// `subaccounts` and `child_accounts`), the first being the one seen in examples.
    const ARRAY: &'static [&'static str];

    /// The record's id, used to notice a server that ignores `offset`.
    fn record_id(&self) -> i64;
}

/// The `page` object of a list response. Each count is `None` when the server left it out or
/// sent something that is not a non-negative integer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageInfo {
    /// How many results match, over all pages.
    #[serde(default, deserialize_with = "lenient::count")]
    pub total: Option<u64>,
    /// The page size as the server reported it (one documented example shows 0).
    #[serde(default, deserialize_with = "lenient::count")]
    pub limit: Option<u64>,
    /// Index of the first result on this page.
    #[serde(default, deserialize_with = "lenient::count")]
    pub offset: Option<u64>,
}

/// One page of records. It serializes in the list response's own shape (e.g.
/// `{"subaccount_invites": [...], "page": {...}}`).
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The records on this page.
    pub items: Vec<T>,
    /// The `page` object: total, limit and offset (when the server sent one).
    pub page: Option<PageInfo>,
    /// The response exactly as the server sent it.
    pub raw: RawJson,
}

impl<T: Listed> Serialize for Page<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry(T::ARRAY[0], &self.items)?;
        map.serialize_entry("page", &self.page)?;
        map.end()
    }
}

impl<T> Page<T> {
    /// `page.total`: how many records match, over all pages.
    pub fn total(&self) -> Option<u64> {
        self.page.and_then(|p| p.total)
    }

    /// `page.limit` as the server reported it.
    pub fn limit(&self) -> Option<u64> {
        self.page.and_then(|p| p.limit)
    }

    /// `page.offset`: index of the first record on this page.
    pub fn offset(&self) -> Option<u64> {
        self.page.and_then(|p| p.offset)
    }

    /// Number of records on this page.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether this page holds no records.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// The page with its records decoded leniently, under any of `T::ARRAY`'s names (`null` counts
/// as empty). A body without the array is an empty page when it says there is nothing: the real
/// server answers an empty list with `{"page":{"total":0,…}}` alone (recorded twice; see
/// `tests/fixtures/recorded/`). Without the array, `page.total` above 0, an `errors` member, or
/// any other member is a failure: the records were promised or something else was sent.
impl<'de, T: Listed> Deserialize<'de> for Page<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Page<T>, D::Error> {
        struct PageVisitor<T>(PhantomData<T>);
        impl<'de, T: Listed> Visitor<'de> for PageVisitor<T> {
            type Value = Page<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                write!(f, "a list response with `{}`", T::ARRAY[0])
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Page<T>, A::Error> {
                let mut items: Option<Vec<T>> = None;
                let mut page = None;
                // Members that are neither the array nor `page`.
                let (mut errors, mut other) = (false, false);
                while let Some(key) = map.next_key::<std::borrow::Cow<'_, str>>()? {
                    if T::ARRAY.contains(&key.as_ref()) && items.is_none() {
                        items = Some(map.next_value_seed(Records(PhantomData))?);
                    } else if key == "page" {
                        page = map.next_value_seed(OptionalPage)?;
                    } else {
                        errors |= key == "errors";
                        other = true;
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                let items = match items {
                    Some(items) => items,
                    None => empty_without_array::<T, A::Error>(page, errors, other)?,
                };
                Ok(Page {
                    items,
                    page,
                    raw: RawJson::default(),
                })
            }
        }
        d.deserialize_map(PageVisitor(PhantomData))
    }
}

/// A list body without its array: empty when `page.total` is 0, or when the body says nothing
/// else (no `page.total`, no other member); otherwise the error saying what is wrong. An `errors`
/// member is never an empty list.
fn empty_without_array<T: Listed, E: serde::de::Error>(
    page: Option<PageInfo>,
    errors: bool,
    other: bool,
) -> Result<Vec<T>, E> {
    let array = T::ARRAY[0];
    if errors {
        return Err(E::custom(format!(
            "missing field `{array}`: the body is an error object (`errors`) with a 2xx status"
        )));
    }
    match (page.and_then(|p| p.total), other) {
        (Some(0), _) | (None, false) => Ok(Vec::new()),
        (Some(total), _) => Err(E::custom(format!(
            "missing field `{array}`, but `page.total` is {total}: the records were promised"
        ))),
        (None, true) => Err(E::custom(format!(
            "missing field `{array}`, and the body holds other members instead"
        ))),
    }
}

/// The records array, through the lenient rules.
struct Records<T>(PhantomData<T>);

impl<'de, T: Listed> serde::de::DeserializeSeed<'de> for Records<T> {
    type Value = Vec<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
        lenient::records(d)
    }
}

/// `page`: an object of counts; anything else is treated as absent.
struct OptionalPage;

impl<'de> serde::de::DeserializeSeed<'de> for OptionalPage {
    type Value = Option<PageInfo>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<PageInfo>, D::Error> {
        lenient::page_counts(d)
    }
}

impl<T: Listed> Response for Page<T> {
    /// One typed pass; each record's `raw` finds its span in the body when first read.
    fn decode_body(body: &Arc<RawBody>) -> Result<Page<T>, serde_json::Error> {
        let mut page: Page<T> = serde_json::from_str(body.text())?;
        for (i, item) in page.items.iter_mut().enumerate() {
            item.set_raw(RawJson::item(body, T::ARRAY, i));
        }
        page.raw = RawJson::whole(body);
        Ok(page)
    }
}
