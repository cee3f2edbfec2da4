//! Self-referencing types: a tree through an array needs nothing; a type that holds itself
//! through a plain or optional field, directly or through another type, holds it in a `Box`.

mod forum {
    oneentry_client::api!(spec = "../specs/recursive.json", client = trait ForumApi);
}

use forum::{Category, Comment, ForumApi, Thread};

fn main() {
    let client = oneentry_client::Client::builder("http://127.0.0.1:9").build().expect("a valid configuration");
    let tree = Category::new("root", vec![Category::new("leaf", Vec::new())]);
    assert_eq!(tree.children.len(), 1);
    let mut comment = Comment::new("first");
    comment.reply = Some(Box::new(Comment::new("second")));
    // `Thread::new` takes the comment itself or a box.
    let thread = Thread::new(comment.clone());
    comment.thread = Some(Box::new(thread));
    let boxed: Box<Comment> = Thread::new(Box::new(Comment::new("x"))).first;
    assert_eq!(boxed.text, "x");
    let _tree: forum::forum::Tree<'_> = client.forum().tree();
    let _post: forum::forum::Post<'_> = client.forum().post(comment);
}
