//! The emulator's shared state: the project, the users, orders, refunds and sessions as
//! they are now, the one-time codes, the tokens and the request log.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use oneentry_client::api::{
    FormField, NotificationData, OrderProduct, PaymentSession, RefundRequest,
};

use crate::project::Project;
use crate::record::RequestLog;
use crate::shop::Shop;
use crate::tokens::Tokens;

/// Everything a request handler can reach.
#[derive(Debug)]
pub(crate) struct AppState {
    pub(crate) project: Project,
    /// Lifetime of access tokens, reported in the auth providers' config.
    pub(crate) access_token_ttl: Duration,
    /// When the emulator started; the `updatedDate` of fixture data.
    pub(crate) started: String,
    /// Whether one-time codes are also written to standard error.
    pub(crate) print_codes: bool,
    pub(crate) store: Mutex<Store>,
    /// The shop endpoints' catalog and what clients change in it.
    pub(crate) shop: Shop,
    pub(crate) tokens: Mutex<Tokens>,
    pub(crate) log: RequestLog,
    pub(crate) limits: Limits,
}

/// What one client may cost the server: bytes, time and connections.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub(crate) max_body_bytes: usize,
    pub(crate) request_log_max_bytes: usize,
    pub(crate) header_read_timeout: Duration,
    pub(crate) body_read_timeout: Duration,
    pub(crate) idle_timeout: Duration,
    pub(crate) max_connections: usize,
}

impl AppState {
    pub(crate) fn new(
        project: Project,
        access_token_ttl: Duration,
        refresh_token_ttl: Duration,
        log_capacity: usize,
        limits: Limits,
    ) -> Self {
        Self {
            store: Mutex::new(Store::with_users(&project)),
            shop: Shop::new(project.shop.clone()),
            project,
            access_token_ttl,
            started: crate::time::now_iso8601(),
            print_codes: false,
            tokens: Mutex::new(Tokens::new(access_token_ttl, refresh_token_ttl)),
            log: RequestLog::new(log_capacity, limits.request_log_max_bytes),
            limits,
        }
    }
}

#[cfg(test)]
impl AppState {
    /// The demo project with small limits and no request log, for unit tests.
    pub(crate) fn demo() -> Self {
        let limits = Limits {
            max_body_bytes: 1024,
            request_log_max_bytes: 1024,
            header_read_timeout: Duration::from_secs(5),
            body_read_timeout: Duration::from_secs(5),
            idle_timeout: Duration::from_secs(5),
            max_connections: 4,
        };
        let project = crate::fixture::Fixture::demo()
            .and_then(|fixture| fixture.to_project())
            .expect("the demo project loads");
        let ttl = Duration::from_secs(60);
        Self::new(project, ttl, ttl, 0, limits)
    }
}

/// Locks `mutex`, also after a panic elsewhere poisoned it: the data is plain values that a
/// panic cannot leave half-updated in a harmful way, and a test server should keep serving.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// An order as the emulator keeps it; routes turn it into the `Order` and `StoredOrder` models.
#[derive(Debug, Clone)]
pub(crate) struct OrderRecord {
    pub(crate) id: i64,
    pub(crate) storage_id: i64,
    /// E-mail of the user who created it; nobody else can see it.
    pub(crate) owner: String,
    pub(crate) form_identifier: String,
    pub(crate) payment_account: String,
    pub(crate) form_data: Vec<FormField>,
    pub(crate) products: Vec<OrderProduct>,
    pub(crate) total_cents: i64,
    pub(crate) created_date: String,
    pub(crate) status: String,
}

/// Status of a refund request that waits for the shop.
pub(crate) const REFUND_PENDING: &str = "pending";
/// Status of a refund request the user withdrew.
pub(crate) const REFUND_CANCELED: &str = "canceled";

/// A payment session and the user it belongs to.
#[derive(Debug, Clone)]
pub(crate) struct SessionRecord {
    pub(crate) owner: String,
    pub(crate) session: PaymentSession,
}

/// A user as they are now: registered by the fixture or by a sign-up.
#[derive(Debug, Clone)]
pub(crate) struct UserRecord {
    pub(crate) id: i64,
    /// Marker of the auth provider the user belongs to.
    pub(crate) provider: String,
    pub(crate) email: String,
    pub(crate) password: String,
    /// Signed-up users of a provider that checks codes start inactive.
    pub(crate) active: bool,
    pub(crate) form_data: Vec<FormField>,
    pub(crate) notification: Option<NotificationData>,
    pub(crate) created_date: String,
    pub(crate) updated_date: String,
}

/// A one-time code "sent" to a user for an event.
#[derive(Debug, Clone)]
struct CodeRecord {
    provider: String,
    user: String,
    event: String,
    code: String,
}

/// A refund request and the user it belongs to.
#[derive(Debug, Clone)]
pub(crate) struct RefundRecord {
    pub(crate) owner: String,
    pub(crate) request: RefundRequest,
}

/// Users, codes, orders, refunds and payment sessions, in creation order. Ids count up
/// from 1 per emulator, so tests can predict them.
///
/// Orders and sessions are indexed by id and by owner, so that reading one of them or a
/// page of a user's list costs the same with 10 or 100,000 of them in the store. Nothing
/// is ever removed, so the positions the indexes hold stay valid.
#[derive(Debug, Default)]
pub(crate) struct Store {
    users: Vec<UserRecord>,
    codes: Vec<CodeRecord>,
    orders: Vec<OrderRecord>,
    refunds: Vec<RefundRecord>,
    sessions: Vec<SessionRecord>,
    /// Order id → position in `orders`.
    order_by_id: HashMap<i64, usize>,
    /// Owner → storage id → positions of their orders in `orders`, oldest first.
    orders_by_owner: HashMap<String, HashMap<i64, Vec<usize>>>,
    /// Session id → position in `sessions`.
    session_by_id: HashMap<i64, usize>,
    /// Owner → positions of their sessions in `sessions`, oldest first.
    sessions_by_owner: HashMap<String, Vec<usize>>,
    /// Order id → positions of the sessions opened for it, oldest first.
    sessions_by_order: HashMap<i64, Vec<usize>>,
}

/// The `offset`/`limit` window of `positions`, empty when `offset` is past the end.
fn window(positions: &[usize], offset: usize, limit: usize) -> &[usize] {
    let start = offset.min(positions.len());
    let end = start.saturating_add(limit).min(positions.len());
    &positions[start..end]
}

impl Store {
    /// A store with the project's users and nothing else.
    fn with_users(project: &Project) -> Self {
        let now = crate::time::now_iso8601();
        let mut store = Store::default();
        for user in &project.users {
            let record = UserRecord {
                id: store.next_user_id(),
                provider: user.provider.clone(),
                email: user.email.clone(),
                password: user.password.clone(),
                active: user.active,
                form_data: Vec::new(),
                notification: None,
                created_date: now.clone(),
                updated_date: now.clone(),
            };
            store.users.push(record);
        }
        store
    }

    /// The id the next user will get.
    pub(crate) fn next_user_id(&self) -> i64 {
        self.users.last().map_or(1, |user| user.id + 1)
    }

    /// Adds a user whose id came from [`Store::next_user_id`] under the same lock.
    pub(crate) fn add_user(&mut self, user: UserRecord) {
        self.users.push(user);
    }

    /// The user `email` of the provider `provider`.
    pub(crate) fn user(&self, provider: &str, email: &str) -> Option<&UserRecord> {
        self.users
            .iter()
            .find(|user| user.provider == provider && user.email == email)
    }

    /// The user `email` of the provider `provider`, to change.
    pub(crate) fn user_mut(&mut self, provider: &str, email: &str) -> Option<&mut UserRecord> {
        self.users
            .iter_mut()
            .find(|user| user.provider == provider && user.email == email)
    }

    /// Id of the user `email` of any provider (refunds name the user by id).
    pub(crate) fn user_id(&self, email: &str) -> Option<i64> {
        self.users
            .iter()
            .find(|user| user.email == email)
            .map(|user| user.id)
    }

    /// Stores `code` as the valid code of (`provider`, `user`, `event`), replacing the
    /// previous one: like a real e-mail, only the last code counts.
    pub(crate) fn set_code(&mut self, provider: &str, user: &str, event: &str, code: String) {
        self.codes
            .retain(|c| !(c.provider == provider && c.user == user && c.event == event));
        self.codes.push(CodeRecord {
            provider: provider.to_owned(),
            user: user.to_owned(),
            event: event.to_owned(),
            code,
        });
    }

    /// Whether `code` is the valid code of (`provider`, `user`, `event`).
    pub(crate) fn code_matches(&self, provider: &str, user: &str, event: &str, code: &str) -> bool {
        self.codes
            .iter()
            .any(|c| c.provider == provider && c.user == user && c.event == event && c.code == code)
    }

    /// Uses up the code of (`provider`, `user`, `event`).
    pub(crate) fn remove_code(&mut self, provider: &str, user: &str, event: &str) {
        self.codes
            .retain(|c| !(c.provider == provider && c.user == user && c.event == event));
    }

    /// The valid codes of `user` as (provider, event, code), oldest first.
    pub(crate) fn codes_of(&self, user: &str) -> Vec<(&str, &str, &str)> {
        self.codes
            .iter()
            .filter(|c| c.user == user)
            .map(|c| (c.provider.as_str(), c.event.as_str(), c.code.as_str()))
            .collect()
    }

    /// The newest valid code of `user` (any provider) for `event`.
    pub(crate) fn last_code(&self, user: &str, event: &str) -> Option<&str> {
        self.codes
            .iter()
            .rev()
            .find(|c| c.user == user && c.event == event)
            .map(|c| c.code.as_str())
    }

    /// The id the next order will get.
    pub(crate) fn next_order_id(&self) -> i64 {
        self.orders.last().map_or(1, |order| order.id + 1)
    }

    /// The id the next payment session will get.
    pub(crate) fn next_session_id(&self) -> i64 {
        self.sessions
            .last()
            .map_or(1, |record| record.session.id + 1)
    }

    /// Adds an order whose id came from [`Store::next_order_id`] under the same lock.
    pub(crate) fn add_order(&mut self, order: OrderRecord) {
        let position = self.orders.len();
        self.order_by_id.insert(order.id, position);
        self.orders_by_owner
            .entry(order.owner.clone())
            .or_default()
            .entry(order.storage_id)
            .or_default()
            .push(position);
        self.orders.push(order);
    }

    /// Adds a session whose id came from [`Store::next_session_id`] under the same lock.
    pub(crate) fn add_session(&mut self, record: SessionRecord) {
        let position = self.sessions.len();
        self.session_by_id.insert(record.session.id, position);
        self.sessions_by_owner
            .entry(record.owner.clone())
            .or_default()
            .push(position);
        self.sessions_by_order
            .entry(record.session.order_id)
            .or_default()
            .push(position);
        self.sessions.push(record);
    }

    /// The order `id` if `owner` created it.
    pub(crate) fn order(&self, owner: &str, id: i64) -> Option<&OrderRecord> {
        let position = *self.order_by_id.get(&id)?;
        self.orders
            .get(position)
            .filter(|order| order.owner == owner)
    }

    /// The order `id` if `owner` created it, to change. Its id, owner and storage must not
    /// change: the indexes file it under them.
    pub(crate) fn order_mut(&mut self, owner: &str, id: i64) -> Option<&mut OrderRecord> {
        let position = *self.order_by_id.get(&id)?;
        self.orders
            .get_mut(position)
            .filter(|order| order.owner == owner)
    }

    /// Whether any order of the storage has this status.
    pub(crate) fn status_used(&self, storage_id: i64, status: &str) -> bool {
        self.orders
            .iter()
            .any(|order| order.storage_id == storage_id && order.status == status)
    }

    /// The id the next refund request will get.
    pub(crate) fn next_refund_id(&self) -> i64 {
        self.refunds
            .last()
            .map_or(1, |record| record.request.id + 1)
    }

    /// Adds a refund request whose id came from [`Store::next_refund_id`] under the same lock.
    pub(crate) fn add_refund(&mut self, record: RefundRecord) {
        self.refunds.push(record);
    }

    /// The refund requests of an order of `owner`, oldest first.
    pub(crate) fn refunds_of(&self, owner: &str, order_id: i64) -> Vec<&RefundRequest> {
        self.refunds
            .iter()
            .filter(|r| r.owner == owner && r.request.order_id == order_id)
            .map(|r| &r.request)
            .collect()
    }

    /// The pending refund request of an order of `owner`, to change.
    pub(crate) fn pending_refund_mut(
        &mut self,
        owner: &str,
        order_id: i64,
    ) -> Option<&mut RefundRequest> {
        self.refunds
            .iter_mut()
            .filter(|r| r.owner == owner && r.request.order_id == order_id)
            .map(|r| &mut r.request)
            .find(|request| request.status == REFUND_PENDING)
    }

    /// How many orders `owner` has in a storage, and the `offset`/`limit` page of them,
    /// oldest first.
    pub(crate) fn orders_page(
        &self,
        owner: &str,
        storage_id: i64,
        offset: usize,
        limit: usize,
    ) -> (usize, Vec<&OrderRecord>) {
        let positions = self
            .orders_by_owner
            .get(owner)
            .and_then(|storages| storages.get(&storage_id))
            .map_or(&[][..], Vec::as_slice);
        let page = window(positions, offset, limit)
            .iter()
            .filter_map(|&position| self.orders.get(position))
            .collect();
        (positions.len(), page)
    }

    /// The session `id` if it belongs to `owner`.
    pub(crate) fn session(&self, owner: &str, id: i64) -> Option<&PaymentSession> {
        let position = *self.session_by_id.get(&id)?;
        self.sessions
            .get(position)
            .filter(|record| record.owner == owner)
            .map(|record| &record.session)
    }

    /// The sessions of order `order_id` that belong to `owner`, oldest first.
    pub(crate) fn sessions_of_order(&self, owner: &str, order_id: i64) -> Vec<&PaymentSession> {
        self.sessions_by_order
            .get(&order_id)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter_map(|&position| self.sessions.get(position))
            .filter(|record| record.owner == owner)
            .map(|record| &record.session)
            .collect()
    }

    /// How many sessions `owner` has, and the `offset`/`limit` page of them, oldest first.
    pub(crate) fn sessions_page(
        &self,
        owner: &str,
        offset: usize,
        limit: usize,
    ) -> (usize, Vec<&PaymentSession>) {
        let positions = self
            .sessions_by_owner
            .get(owner)
            .map_or(&[][..], Vec::as_slice);
        let page = window(positions, offset, limit)
            .iter()
            .filter_map(|&position| self.sessions.get(position))
            .map(|record| &record.session)
            .collect();
        (positions.len(), page)
    }
}
