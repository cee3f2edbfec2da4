//! A `tristate` field is a `Patch<T>`: absent (the default, left out of the body), `Null`
//! (sent as `null`) or a value; an `optional` + `nullable` field stays an `Option`.

mod notes {
    oneentry_client::api!(spec = "../specs/tristate.json", client = trait NotesApi);
}

use notes::{NotesApi, Rename};
use oneentry_client::Patch;

fn main() {
    let client = oneentry_client::Client::builder("http://127.0.0.1:9").build().expect("a valid configuration");
    let mut rename = Rename::new(1);
    assert_eq!(rename.title, Patch::Absent);
    rename.title = Patch::Null;
    rename.title = Patch::from(Some("Groceries".to_owned()));
    let note: Option<String> = rename.note.clone();
    assert!(note.is_none());
    let _pending: notes::notes::Rename<'_> = client.notes().rename(rename);
}
