//! The emulator's shared state: the project, the orders and sessions created so far, the
//! tokens and the request log.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use oneentry_client::api::{FormField, OrderProduct, PaymentSession};

use crate::project::Project;
use crate::record::RequestLog;
use crate::tokens::Tokens;

/// Everything a request handler can reach.
#[derive(Debug)]
pub(crate) struct AppState {
    pub(crate) project: Project,
    pub(crate) store: Mutex<Store>,
    pub(crate) tokens: Mutex<Tokens>,
    pub(crate) log: RequestLog,
}

impl AppState {
    pub(crate) fn new(project: Project, access_token_ttl: Duration, log_capacity: usize) -> Self {
        Self {
            project,
            store: Mutex::new(Store::default()),
            tokens: Mutex::new(Tokens::new(access_token_ttl)),
            log: RequestLog::new(log_capacity),
        }
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

/// A payment session and the user it belongs to.
#[derive(Debug, Clone)]
pub(crate) struct SessionRecord {
    pub(crate) owner: String,
    pub(crate) session: PaymentSession,
}

/// Orders and payment sessions, in creation order. Ids count up from 1 per emulator, so
/// tests can predict them.
#[derive(Debug, Default)]
pub(crate) struct Store {
    orders: Vec<OrderRecord>,
    sessions: Vec<SessionRecord>,
}

impl Store {
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
        self.orders.push(order);
    }

    /// Adds a session whose id came from [`Store::next_session_id`] under the same lock.
    pub(crate) fn add_session(&mut self, record: SessionRecord) {
        self.sessions.push(record);
    }

    /// The order `id` if `owner` created it.
    pub(crate) fn order(&self, owner: &str, id: i64) -> Option<&OrderRecord> {
        self.orders
            .iter()
            .find(|order| order.id == id && order.owner == owner)
    }

    /// The orders of `owner` in a storage, oldest first.
    pub(crate) fn orders_in(&self, owner: &str, storage_id: i64) -> Vec<&OrderRecord> {
        self.orders
            .iter()
            .filter(|order| order.owner == owner && order.storage_id == storage_id)
            .collect()
    }

    /// The session `id` if it belongs to `owner`.
    pub(crate) fn session(&self, owner: &str, id: i64) -> Option<&PaymentSession> {
        self.sessions
            .iter()
            .find(|record| record.session.id == id && record.owner == owner)
            .map(|record| &record.session)
    }

    /// The sessions of `owner`, oldest first, optionally only those of one order.
    pub(crate) fn sessions_of(&self, owner: &str, order_id: Option<i64>) -> Vec<&PaymentSession> {
        self.sessions
            .iter()
            .filter(|record| record.owner == owner)
            .map(|record| &record.session)
            .filter(|session| order_id.is_none_or(|id| session.order_id == id))
            .collect()
    }
}
