//! Purchase providers: pushed by either edition (flagship `setting.PurchaseProvider.push`,
//! enterprise `purchase_provider_create.php`), created or updated by `provider_no`, and read
//! back (`setting.PurchaseProvider.queryDetail`, `purchase_provider_query.php`). A provider
//! pushed is usable at once by purchase orders.

use openwdt_wire::Dec4;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::auth::Caller;
use crate::clock;
use crate::error::{CoreError, CoreResult};
use crate::problem::{Field, Kind, Problems};
use crate::query::{Filter, Page};
use crate::store::Store;

attrs!(
    /// A provider's texts (the name aside).
    ProviderTexts {
        contact,
        telno,
        mobile,
        fax,
        qq,
        zip,
        wangwang,
        email,
        website,
        address,
        remark,
        account_bank_no,
        account_bank,
        collect_name,
        country,
        /// Region names or the vendor's region ids, kept as sent.
        province,
        city,
        district,
        provider_group,
        /// 跟进人: an employee's nickname.
        follower,
    }
);

attrs!(
    /// A provider's day counts.
    ProviderDays {
        arrive_cycle_days,
        purchase_cycle_days,
        charge_cycle_days,
    }
);

/// A provider as pushed: `None` keeps what is stored (or takes the default on a create),
/// `Some("")` clears a text.
#[derive(Clone, Debug, Default)]
pub struct ProviderPatch {
    pub provider_no: String,
    pub name: Option<String>,
    pub texts: ProviderTexts<Option<String>>,
    pub days: ProviderDays<Option<i64>>,
    /// A decimal as sent.
    pub min_purchase_num: Option<String>,
    pub is_disabled: Option<bool>,
    /// `yyyy-MM-dd HH:mm:ss` as sent (Asia/Shanghai).
    pub last_purchase_time: Option<String>,
}

/// A provider's stored attributes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProviderRecord {
    pub name: String,
    pub texts: ProviderTexts<String>,
    pub days: ProviderDays<i64>,
    pub min_purchase_num: Dec4,
    pub is_disabled: bool,
    /// Unix milliseconds, as pushed.
    pub last_purchase_time: Option<i64>,
}

/// A provider with everything both editions answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderRow {
    pub provider_id: i64,
    pub provider_no: String,
    pub record: ProviderRecord,
    pub deleted: bool,
    /// The later of the pushed `last_purchase_time` and the newest purchase order's creation;
    /// `None` when neither exists.
    pub last_purchase_time: Option<i64>,
    pub created: i64,
    pub modified: i64,
}

/// What a push did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushedProvider {
    /// The provider was new.
    pub created: bool,
    pub row: ProviderRow,
}

fn text_max(name: &str) -> usize {
    match name {
        "telno" | "mobile" => 40,
        "fax" | "qq" | "zip" => 20,
        "account_bank_no" | "account_bank" => 30,
        "website" | "address" => 128,
        "remark" => 256,
        _ => 64,
    }
}

/// A provider's parsed values.
struct Checked {
    min_purchase_num: Option<Dec4>,
    last_purchase_time: Option<i64>,
}

/// Checks what needs nothing stored.
fn validate(p: &ProviderPatch, problems: &mut Problems) -> Checked {
    problems.text(Field::ProviderNo, None, &p.provider_no, 20);
    if let Some(n) = &p.name {
        problems.max_len(Field::ProviderName, None, n, 64);
    }
    for (name, v) in p.texts.pairs() {
        if let Some(v) = v {
            let field = if name == "remark" {
                Field::Remark
            } else {
                Field::Attribute(name)
            };
            problems.max_len(field, None, v, text_max(name));
        }
    }
    for (name, v) in p.days.pairs() {
        if let Some(v) = v.filter(|v| !(0..=i64::from(i32::MAX)).contains(v)) {
            problems.push(
                Field::Attribute(name),
                None,
                Kind::OutOfRange {
                    value: v.to_string(),
                    min: 0,
                    max: i64::from(i32::MAX),
                },
            );
        }
    }
    let min_purchase_num = p.min_purchase_num.as_deref().and_then(|v| {
        problems
            .amount(Field::Attribute("min_purchase_num"), None, v)
            .flatten()
    });
    let last_purchase_time = match p.last_purchase_time.as_deref() {
        None | Some("") => None,
        Some(t) => {
            let ms = clock::parse_datetime(t);
            if ms.is_none() {
                problems.push(
                    Field::Attribute("last_purchase_time"),
                    None,
                    Kind::Invalid { value: t.into() },
                );
            }
            ms
        }
    };
    Checked {
        min_purchase_num,
        last_purchase_time,
    }
}

/// The name a push leaves the provider with must be there and be the seller's only one of
/// that name ("供应商名称不能重复"); `holder` is the provider_no already using it.
fn check_name(name: &str, holder: Option<&str>, problems: &mut Problems) {
    if name.trim().is_empty() {
        problems.push(Field::ProviderName, None, Kind::Missing);
    } else if let Some(h) = holder {
        problems.push(
            Field::ProviderName,
            None,
            Kind::Conflict {
                value: name.into(),
                holder: h.into(),
            },
        );
    }
}

/// The provider as it will be stored.
fn merge(stored: Option<&ProviderRecord>, p: &ProviderPatch, c: &Checked) -> ProviderRecord {
    let base = stored.cloned().unwrap_or_default();
    ProviderRecord {
        name: p.name.clone().unwrap_or(base.name),
        texts: base
            .texts
            .zip(p.texts.clone())
            .map(|_, (old, new)| new.unwrap_or(old)),
        days: base
            .days
            .zip(p.days.clone())
            .map(|_, (old, new)| new.unwrap_or(old)),
        min_purchase_num: c.min_purchase_num.unwrap_or(base.min_purchase_num),
        is_disabled: p.is_disabled.unwrap_or(base.is_disabled),
        last_purchase_time: c.last_purchase_time.or(base.last_purchase_time),
    }
}

fn columns() -> Vec<&'static str> {
    let mut cols = vec![
        "name",
        "min_purchase_num",
        "is_disabled",
        "last_purchase_time",
    ];
    cols.extend_from_slice(ProviderTexts::<()>::NAMES);
    cols.extend_from_slice(ProviderDays::<()>::NAMES);
    cols
}

fn read_record(r: &AnyRow) -> CoreResult<ProviderRecord> {
    Ok(ProviderRecord {
        name: r.try_get("name")?,
        texts: ProviderTexts::try_from_fn(|c| r.try_get(c))?,
        days: ProviderDays::try_from_fn(|c| r.try_get(c))?,
        min_purchase_num: Dec4::from_raw(r.try_get("min_purchase_num")?),
        is_disabled: r.try_get::<i64, _>("is_disabled")? != 0,
        last_purchase_time: r.try_get("last_purchase_time")?,
    })
}

const PROVIDER_VIEW: &str = "(SELECT p.*, (SELECT MAX(po.created) FROM purchase_order po WHERE po.provider_id = p.id) AS po_last FROM provider p) v";

fn read_row(r: &AnyRow) -> CoreResult<ProviderRow> {
    let record = read_record(r)?;
    let po_last: Option<i64> = r.try_get("po_last")?;
    Ok(ProviderRow {
        provider_id: r.try_get("id")?,
        provider_no: r.try_get("provider_no")?,
        last_purchase_time: record.last_purchase_time.max(po_last),
        record,
        deleted: r.try_get::<i64, _>("deleted")? != 0,
        created: r.try_get("created")?,
        modified: r.try_get("modified")?,
    })
}

async fn row_by_no(
    conn: &mut AnyConnection,
    seller_id: i64,
    provider_no: &str,
) -> CoreResult<Option<ProviderRow>> {
    let sql = format!("SELECT * FROM {PROVIDER_VIEW} WHERE seller_id = $1 AND provider_no = $2");
    match sqlx::query(&sql)
        .bind(seller_id)
        .bind(provider_no)
        .fetch_optional(&mut *conn)
        .await?
    {
        Some(r) => Ok(Some(read_row(&r)?)),
        None => Ok(None),
    }
}

impl Store {
    /// Creates the provider or updates the one of that `provider_no`, all or nothing. A
    /// deleted provider pushed again is revived.
    pub async fn push_provider(
        &self,
        caller: &Caller,
        p: &ProviderPatch,
    ) -> CoreResult<PushedProvider> {
        let mut problems = Problems::new();
        let checked = validate(p, &mut problems);
        let mut w = self.begin_write().await?;
        let stored = row_by_no(&mut w.tx, caller.seller_id, &p.provider_no).await?;
        let record = merge(stored.as_ref().map(|s| &s.record), p, &checked);
        let holder: Option<String> = sqlx::query(
            "SELECT provider_no FROM provider WHERE seller_id = $1 AND name = $2 AND provider_no <> $3",
        )
        .bind(caller.seller_id)
        .bind(&record.name)
        .bind(&p.provider_no)
        .fetch_optional(&mut *w.tx)
        .await?
        .map(|r| r.try_get(0))
        .transpose()?;
        check_name(&record.name, holder.as_deref(), &mut problems);
        problems.finish()?;

        let now = clock::now_millis();
        let cols = columns();
        let updates = cols
            .iter()
            .map(|c| format!("{c} = excluded.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let placeholders = (6..6 + cols.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "INSERT INTO provider (seller_id, provider_no, deleted, created, modified, {}) VALUES ($1, $2, $3, $4, $5, {placeholders})
             ON CONFLICT (seller_id, provider_no) DO UPDATE SET deleted = 0, modified = excluded.modified, {updates}",
            cols.join(", ")
        );
        let mut q = sqlx::query(&sql)
            .bind(caller.seller_id)
            .bind(&p.provider_no)
            .bind(0_i64)
            .bind(now)
            .bind(now)
            .bind(&record.name)
            .bind(record.min_purchase_num.raw())
            .bind(i64::from(record.is_disabled))
            .bind(record.last_purchase_time);
        for (_, v) in record.texts.pairs() {
            q = q.bind(v.clone());
        }
        for (_, v) in record.days.pairs() {
            q = q.bind(*v);
        }
        q.execute(&mut *w.tx).await?;
        let row = row_by_no(&mut w.tx, caller.seller_id, &p.provider_no)
            .await?
            .ok_or_else(|| CoreError::Inconsistent("a pushed provider is not stored".into()))?;
        w.tx.commit().await?;
        Ok(PushedProvider {
            created: stored.is_none(),
            row,
        })
    }
}

/// Which providers a query answers; time bounds are unix milliseconds, inclusive.
#[derive(Clone, Debug, Default)]
pub struct ProviderFilter {
    pub provider_no: Option<String>,
    pub name: Option<String>,
    pub telno: Option<String>,
    pub mobile: Option<String>,
    pub contact: Option<String>,
    /// 采购平台供应商账户名. Decided: openwdt links no purchase-platform accounts, so a
    /// provider never has one and this filter, when given, matches none.
    pub platform_account: Option<String>,
    pub created_from: Option<i64>,
    pub created_to: Option<i64>,
    pub modified_from: Option<i64>,
    pub modified_to: Option<i64>,
    pub is_disabled: Option<bool>,
    /// `None` answers both.
    pub deleted: Option<bool>,
}

impl Store {
    /// The seller's providers, in id order. Providers belong to the seller, not to a
    /// warehouse: every app of the seller sees them.
    pub async fn query_providers(
        &self,
        caller: &Caller,
        f: &ProviderFilter,
        page: Page,
    ) -> CoreResult<(Vec<ProviderRow>, i64)> {
        let mut w = Filter::new("seller_id", caller.seller_id);
        w.maybe_text("provider_no = $?", f.provider_no.as_deref());
        w.maybe_text("name = $?", f.name.as_deref());
        w.maybe_text("telno = $?", f.telno.as_deref());
        w.maybe_text("mobile = $?", f.mobile.as_deref());
        w.maybe_text("contact = $?", f.contact.as_deref());
        if f.platform_account.is_some() {
            w.int("1 = $?", 0);
        }
        w.maybe_int("created >= $?", f.created_from);
        w.maybe_int("created <= $?", f.created_to);
        w.maybe_int("modified >= $?", f.modified_from);
        w.maybe_int("modified <= $?", f.modified_to);
        w.maybe_int("is_disabled = $?", f.is_disabled.map(i64::from));
        w.maybe_int("deleted = $?", f.deleted.map(i64::from));
        let (rows, total) = w.fetch(self, PROVIDER_VIEW, "id", page).await?;
        let rows = rows.iter().map(read_row).collect::<CoreResult<Vec<_>>>()?;
        Ok((rows, total))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patch(no: &str) -> ProviderPatch {
        ProviderPatch {
            provider_no: no.into(),
            ..Default::default()
        }
    }

    #[test]
    fn validation_collects_lengths_ranges_decimals_and_times() {
        let mut p = patch(&"P".repeat(21));
        p.texts.fax = Some("1".repeat(21));
        p.days.arrive_cycle_days = Some(-1);
        p.min_purchase_num = Some("x".into());
        p.last_purchase_time = Some("2024/01/01".into());
        let mut problems = Problems::new();
        let c = validate(&p, &mut problems);
        assert_eq!(c.min_purchase_num, None);
        let fields: Vec<_> = problems.into_vec().into_iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            [
                Field::ProviderNo,
                Field::Attribute("fax"),
                Field::Attribute("arrive_cycle_days"),
                Field::Attribute("min_purchase_num"),
                Field::Attribute("last_purchase_time"),
            ]
        );
    }

    #[test]
    fn names_are_required_and_unique() {
        let mut problems = Problems::new();
        check_name("", None, &mut problems);
        check_name("甲", Some("P2"), &mut problems);
        check_name("乙", None, &mut problems);
        let kinds: Vec<_> = problems.into_vec().into_iter().map(|p| p.kind).collect();
        assert_eq!(
            kinds,
            [
                Kind::Missing,
                Kind::Conflict {
                    value: "甲".into(),
                    holder: "P2".into()
                }
            ]
        );
    }

    #[test]
    fn an_update_keeps_what_it_leaves_out() {
        let mut first = patch("P1");
        first.name = Some("甲".into());
        first.texts.contact = Some("张三".into());
        first.min_purchase_num = Some("10".into());
        let mut problems = Problems::new();
        let c = validate(&first, &mut problems);
        let stored = merge(None, &first, &c);
        assert_eq!(stored.min_purchase_num, Dec4::from_int(10));
        assert!(!stored.is_disabled);

        let mut second = patch("P1");
        second.texts.mobile = Some("138".into());
        second.texts.contact = Some(String::new());
        second.is_disabled = Some(true);
        let c = validate(&second, &mut problems);
        let merged = merge(Some(&stored), &second, &c);
        assert_eq!(merged.name, "甲");
        assert_eq!(merged.texts.contact, "");
        assert_eq!(merged.texts.mobile, "138");
        assert_eq!(merged.min_purchase_num, Dec4::from_int(10));
        assert!(merged.is_disabled);
        assert!(problems.is_empty());
    }
}
