//! Purchase providers (供应商): `setting.PurchaseProvider.push` /
//! `purchase_provider_create.php`, `setting.PurchaseProvider.queryDetail` /
//! `purchase_provider_query.php`.

use openwdt_core::clock;
use openwdt_core::problem::Field;
use openwdt_core::provider::{
    ProviderDays, ProviderFilter, ProviderPatch, ProviderRow, ProviderTexts,
};
use openwdt_wire::api::master::enterprise as ea;
use openwdt_wire::api::master::flagship as fa;
use openwdt_wire::fields::shown;

use crate::enterprise::{self as ent, first_page_total};
use crate::flagship::{self as flag, biz, Out};

/// A provider's fields by their name in either edition (both name them alike; the flagship's
/// 跟进人 is `shortname`).
fn provider_field(f: Field) -> &'static str {
    match f {
        Field::Remark => "remark",
        Field::Attribute("follower") => "shortname",
        Field::Attribute(n) => n,
        other => crate::ops::domain_name(other),
    }
}

static FLAGSHIP_NAMES: flag::Names = flag::Names {
    lines: "provider",
    field: provider_field,
};

static ENTERPRISE_NAMES: ent::Names = ent::Names {
    lines: "provider",
    field: provider_field,
};

impl flag::Op for fa::ProviderPushCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::ProviderPushArgs,
    ) -> Result<Out<fa::ProviderPushResult>, flag::Fail> {
        let p = req.provider;
        let patch = ProviderPatch {
            provider_no: p.provider_no,
            name: p.provider_name,
            texts: ProviderTexts {
                contact: p.contact,
                telno: p.telno,
                mobile: p.mobile,
                fax: p.fax,
                qq: p.qq,
                zip: p.zip,
                wangwang: p.wangwang,
                email: p.email,
                website: p.website,
                address: p.address,
                remark: p.remark,
                account_bank_no: p.account_bank_no,
                account_bank: p.account_bank,
                collect_name: p.collect_name,
                country: None,
                province: p.province,
                city: p.city,
                district: p.district,
                provider_group: p.provider_group,
                follower: p.shortname,
            },
            days: ProviderDays {
                arrive_cycle_days: p.arrive_cycle_days,
                ..Default::default()
            },
            is_disabled: p.is_disabled,
            ..Default::default()
        };
        c.state
            .store
            .push_provider(&c.caller, &patch)
            .await
            .map_err(flag::core_fail(&FLAGSHIP_NAMES))?;
        Ok(Out::data(fa::ProviderPushResult {
            status: 0,
            message: "OK".into(),
        }))
    }
}

impl ent::Op for ea::ProviderCreateCall {
    async fn run(
        c: &ent::Ctx<'_>,
        p: ea::ProviderCreate,
    ) -> Result<ea::ProviderCreateAnswer, ent::Fail> {
        // Decided: as on the flagship, an existing provider_no is updated (the vendor leaves
        // create-vs-update unconfirmed for this edition; one rule for both keeps them alike).
        let patch = ProviderPatch {
            provider_no: p.provider_no,
            name: p.provider_name,
            texts: ProviderTexts {
                contact: p.contact,
                telno: p.telno,
                mobile: p.mobile,
                fax: p.fax,
                qq: p.qq,
                zip: p.zip,
                wangwang: p.wangwang,
                email: p.email,
                website: p.website,
                address: p.address,
                remark: p.remark,
                account_bank_no: p.account_bank_no,
                account_bank: p.account_bank,
                collect_name: p.collect_name,
                country: p.country,
                province: p.province,
                city: p.city,
                district: p.district,
                provider_group: p.provider_group,
                follower: None,
            },
            days: ProviderDays {
                arrive_cycle_days: p.arrive_cycle_days,
                purchase_cycle_days: p.purchase_cycle_days,
                charge_cycle_days: p.charge_cycle_days,
            },
            min_purchase_num: p.min_purchase_num.map(|n| n.into_string()),
            is_disabled: p.is_disabled,
            last_purchase_time: p.last_purchase_time,
        };
        let pushed = c
            .state
            .store
            .push_provider(&c.caller, &patch)
            .await
            .map_err(ent::core_fail(&ENTERPRISE_NAMES))?;
        let r = pushed.row;
        Ok(ea::ProviderCreateAnswer {
            provider_no: r.provider_no,
            provider_name: r.record.name,
            contact: r.record.texts.contact,
            mobile: r.record.texts.mobile,
            address: r.record.texts.address,
            is_disabled: i64::from(r.record.is_disabled),
            deleted: i64::from(r.deleted),
            modified: clock::format_millis(r.modified),
            created: clock::format_millis(r.created),
        })
    }
}

/// A bound of the flagship provider query: `yyyy-MM-dd` (the whole day) or
/// `yyyy-MM-dd HH:mm:ss`.
fn day_or_time(field: &str, v: Option<&str>, end: bool) -> Result<Option<i64>, flag::Fail> {
    let Some(v) = v else {
        return Ok(None);
    };
    let t = v.trim();
    let parsed = if t.len() == 10 {
        let time = if end { "23:59:59" } else { "00:00:00" };
        clock::parse_datetime(&format!("{t} {time}")).map(|ms| if end { ms + 999 } else { ms })
    } else {
        clock::parse_datetime(t)
    };
    parsed.map(Some).ok_or_else(|| {
        biz(format!(
            "Unparseable date: {field}={} (格式 yyyy-MM-dd 或 yyyy-MM-dd HH:mm:ss)",
            shown(v)
        ))
    })
}

fn flagship_provider(r: ProviderRow) -> fa::Provider {
    let t = r.record.texts;
    fa::Provider {
        provider_id: r.provider_id,
        provider_no: r.provider_no,
        provider_name: r.record.name,
        contact: t.contact,
        follower_name: t.follower,
        telno: t.telno,
        mobile: t.mobile,
        fax: t.fax,
        zip: t.zip,
        email: t.email,
        qq: t.qq,
        wangwang: t.wangwang,
        address: t.address,
        website: t.website,
        arrive_cycle_days: r.record.days.arrive_cycle_days,
        last_purchase_time: r.last_purchase_time,
        remark: t.remark,
        is_disabled: r.record.is_disabled,
        deleted: i64::from(r.deleted),
        modified: r.modified,
        created: r.created,
        province: t.province,
        city: t.city,
        district: t.district,
        account_bank: t.account_bank,
        collect_name: t.collect_name,
        account_bank_no: t.account_bank_no,
    }
}

impl flag::Op for fa::ProviderQueryCall {
    async fn run(
        c: &flag::Ctx<'_>,
        req: fa::ProviderQueryArgs,
    ) -> Result<Out<fa::ProviderList>, flag::Fail> {
        let q = req.params;
        // Decided: every filter is optional and the windows have no documented span, so
        // none is imposed; a bound may be given alone.
        let f = ProviderFilter {
            provider_no: q.provider_no,
            name: q.provider_name,
            telno: q.telno,
            mobile: q.mobile,
            contact: q.contact,
            platform_account: q.description,
            created_from: day_or_time("created_begin", q.created_begin.as_deref(), false)?,
            created_to: day_or_time("created_end", q.created_end.as_deref(), true)?,
            modified_from: day_or_time("modified_begin", q.modified_begin.as_deref(), false)?,
            modified_to: day_or_time("modified_end", q.modified_end.as_deref(), true)?,
            is_disabled: q.is_disabled,
            deleted: q.deleted,
        };
        let (rows, total) = c
            .state
            .store
            .query_providers(&c.caller, &f, c.page())
            .await?;
        Ok(Out::data(fa::ProviderList {
            total_count: total,
            details: rows.into_iter().map(flagship_provider).collect(),
        }))
    }
}

fn enterprise_provider(r: ProviderRow) -> ea::Provider {
    let t = r.record.texts;
    let d = r.record.days;
    ea::Provider {
        provider_id: Some(r.provider_id),
        provider_no: Some(r.provider_no),
        provider_name: Some(r.record.name),
        provider_group: Some(t.provider_group),
        contact: Some(t.contact),
        telno: Some(t.telno),
        mobile: Some(t.mobile),
        fax: Some(t.fax),
        zip: Some(t.zip),
        email: Some(t.email),
        qq: Some(t.qq),
        wangwang: Some(t.wangwang),
        address: Some(t.address),
        website: Some(t.website),
        remark: Some(t.remark),
        is_disabled: Some(i64::from(r.record.is_disabled)),
        deleted: Some(i64::from(r.deleted)),
        modified: Some(clock::format_millis(r.modified)),
        created: Some(clock::format_millis(r.created)),
        account_bank_no: Some(t.account_bank_no),
        account_bank: Some(t.account_bank),
        collect_name: Some(t.collect_name),
        country: Some(t.country),
        province: Some(t.province),
        city: Some(t.city),
        district: Some(t.district),
        min_purchase_num: Some(r.record.min_purchase_num.into()),
        purchase_cycle_days: Some(d.purchase_cycle_days),
        arrive_cycle_days: Some(d.arrive_cycle_days),
        charge_cycle_days: Some(d.charge_cycle_days),
        // Left out when nothing was ever bought, as the flagship does.
        last_purchase_time: r.last_purchase_time.map(clock::format_millis),
    }
}

impl ent::Op for ea::ProviderQueryCall {
    async fn run(
        c: &ent::Ctx<'_>,
        req: ea::ProviderQuery,
    ) -> Result<ea::ProviderQueryAnswer, ent::Fail> {
        let f = ProviderFilter {
            provider_no: req.provider_no,
            name: req.provider_name,
            ..Default::default()
        };
        let page = c.page();
        let (rows, total) = c.state.store.query_providers(&c.caller, &f, page).await?;
        Ok(ea::ProviderQueryAnswer {
            total_count: first_page_total(page, total),
            provider_list: rows
                .into_iter()
                .map(|r| enterprise_provider(r).only_columns(&req.column))
                .collect(),
        })
    }
}
