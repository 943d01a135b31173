//! `archc lsp`: the language server of the `.arch` language, over standard input and output.
//!
//! A thin shell over the library, built on rust-analyzer's `lsp-server` (the JSON-RPC transport
//! and the `initialize`/`shutdown` handshakes) and `lsp-types` (the protocol's messages). It
//! keeps the open documents' text, applies the client's incremental edits, and answers from the
//! same stages that `archc` uses:
//! - diagnostics (`textDocument/publishDiagnostics`): the syntax and semantic errors and the
//!   warnings of [`crate::compile`], then the findings of [`crate::analysis::review`], each
//!   with its rule name as the code, its severity, and a link to the rule's documentation
//!   ([`check`]). They are published at once when a document is opened or saved, and
//!   [`DEBOUNCE`] after the last of a burst of edits;
//! - document symbols: the outline of zones, groups, clusters, hosts, components and flows,
//!   from the syntax tree ([`outline`]);
//! - formatting: the whole document as `archc fmt` prints it ([`crate::format::format`]);
//! - hover: what a kind is, what a rule named in `allow` reports, what an attribute key takes
//!   and what its value means, and what a named element is, with its host and findings
//!   ([`hover`]);
//! - completion of kinds, keys, values, element names after `->`, `~>`, `|` and `allow … on`,
//!   flows and rule names ([`complete`]);
//! - go to definition, find references and rename of elements and flows ([`names`]);
//! - code actions: apply a did-you-mean, accept a finding with `allow`, close open braces
//!   ([`actions`]).
//!
//! Positions are in UTF-16 code units, the protocol's default encoding ([`text`]). Malformed
//! messages get an error response; nothing a client sends makes the server panic.
//!
//! The client may pass `{"rulesUrl": "https://…/rules.html"}` as `initializationOptions`: the
//! page findings link to, as `rulesUrl#RULE` (default [`check::RULES_URL`]).

pub mod actions;
pub mod check;
pub mod complete;
pub mod hover;
pub mod names;
pub mod outline;
pub mod text;

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use crossbeam_channel::RecvTimeoutError;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest,
    References, Rename, Request as _,
};
use lsp_types::{
    CodeActionProviderCapability, CompletionOptions, CompletionResponse, DocumentSymbolResponse,
    GotoDefinitionResponse, Hover, HoverContents, HoverProviderCapability, Location, MarkupContent,
    MarkupKind, OneOf, PublishDiagnosticsParams, SaveOptions, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, TextEdit, Uri, WorkspaceEdit,
};
use serde_json::Value;

use text::LineIndex;

/// How long the server waits after an edit before it recompiles, so that a burst of keystrokes
/// costs one compilation (milliseconds: 50).
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// Runs the server on standard input and output until the client shuts it down; returns the
/// process's exit code: 0 after `shutdown` and `exit`, 1 when the connection failed (the
/// reason is printed on standard error).
pub fn main() -> u8 {
    let (connection, io_threads) = Connection::stdio();
    let result = serve(&connection);
    drop(connection);
    let joined = io_threads.join();
    match (result, joined) {
        (Ok(()), Ok(())) => 0,
        (Err(e), _) => {
            eprintln!("archc lsp: {e}");
            1
        }
        (_, Err(e)) => {
            eprintln!("archc lsp: {e}");
            1
        }
    }
}

/// What the server offers: incremental text sync with saves, hover, completion (triggered also
/// by `>`, `|`, `=`, `,` and a space), definition, references, rename, code actions, document
/// symbols and formatting.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some([">", "|", "=", ",", " "].map(str::to_string).to_vec()),
            ..CompletionOptions::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}

/// Runs the `initialize` handshake and then the main loop on `connection`, until `shutdown`
/// and `exit`. Errors are the transport's (a closed stream, a malformed handshake).
pub fn serve(connection: &Connection) -> Result<(), lsp_server::ProtocolError> {
    let (id, params) = connection.initialize_start()?;
    let rules_url = params
        .pointer("/initializationOptions/rulesUrl")
        .and_then(Value::as_str)
        .unwrap_or(check::RULES_URL)
        .trim_end_matches('#')
        .to_string();
    let result = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": ServerInfo {
            name: "archc".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        },
    });
    connection.initialize_finish(id, result)?;
    let mut server = Server {
        documents: BTreeMap::new(),
        pending: BTreeSet::new(),
        rules_url,
    };
    loop {
        let message = if server.pending.is_empty() {
            match connection.receiver.recv() {
                Ok(m) => m,
                Err(_) => return Ok(()),
            }
        } else {
            match connection.receiver.recv_timeout(DEBOUNCE) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => {
                    for uri in std::mem::take(&mut server.pending) {
                        server.publish(connection, &uri);
                    }
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            }
        };
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request)? {
                    return Ok(());
                }
                let response = server.request(request);
                if connection.sender.send(response.into()).is_err() {
                    return Ok(());
                }
            }
            Message::Notification(notification) => server.notification(connection, notification),
            Message::Response(_) => {}
        }
    }
}

/// An open document.
struct Document {
    uri: Uri,
    text: String,
    version: Option<i32>,
}

struct Server {
    /// Open documents by URI.
    documents: BTreeMap<String, Document>,
    /// Documents edited since their diagnostics were last published.
    pending: BTreeSet<String>,
    /// The page findings link to.
    rules_url: String,
}

impl Server {
    fn request(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        let result = match request.method.as_str() {
            HoverRequest::METHOD => params(request).map(|p: lsp_types::HoverParams| {
                let position = p.text_document_position_params;
                serde_json::to_value(
                    self.hover(position.text_document.uri.as_str(), position.position),
                )
            }),
            DocumentSymbolRequest::METHOD => {
                params(request).map(|p: lsp_types::DocumentSymbolParams| {
                    serde_json::to_value(self.symbols(p.text_document.uri.as_str()))
                })
            }
            Formatting::METHOD => params(request).map(|p: lsp_types::DocumentFormattingParams| {
                serde_json::to_value(self.format(p.text_document.uri.as_str()))
            }),
            Completion::METHOD => params(request).map(|p: lsp_types::CompletionParams| {
                let position = p.text_document_position;
                serde_json::to_value(
                    self.complete(position.text_document.uri.as_str(), position.position),
                )
            }),
            GotoDefinition::METHOD => params(request).map(|p: lsp_types::GotoDefinitionParams| {
                let position = p.text_document_position_params;
                serde_json::to_value(
                    self.definition(position.text_document.uri.as_str(), position.position)
                        .map(GotoDefinitionResponse::Scalar),
                )
            }),
            References::METHOD => params(request).map(|p: lsp_types::ReferenceParams| {
                let position = p.text_document_position;
                serde_json::to_value(self.references(
                    position.text_document.uri.as_str(),
                    position.position,
                    p.context.include_declaration,
                ))
            }),
            Rename::METHOD => match params(request) {
                Ok(p) => {
                    let p: lsp_types::RenameParams = p;
                    let position = p.text_document_position;
                    if !names::is_identifier(&p.new_name) {
                        return Response::new_err(
                            id,
                            ErrorCode::InvalidParams as i32,
                            format!(
                                "`{}` is not an identifier: use letters, digits, `_` and `-`, starting with a letter or `_`",
                                p.new_name
                            ),
                        );
                    }
                    Ok(serde_json::to_value(self.rename(
                        position.text_document.uri.as_str(),
                        position.position,
                        &p.new_name,
                    )))
                }
                Err(response) => Err(response),
            },
            CodeActionRequest::METHOD => params(request).map(|p: lsp_types::CodeActionParams| {
                serde_json::to_value(
                    self.documents
                        .get(p.text_document.uri.as_str())
                        .map(|doc| actions::actions(&doc.uri, &doc.text, &p.context.diagnostics)),
                )
            }),
            method => Err(Response::new_err(
                id.clone(),
                ErrorCode::MethodNotFound as i32,
                format!("archc lsp does not handle `{method}`"),
            )),
        };
        match result {
            Ok(Ok(value)) => Response::new_ok(id, value),
            Ok(Err(e)) => Response::new_err(id, ErrorCode::InternalError as i32, e.to_string()),
            Err(response) => response,
        }
    }

    fn notification(&mut self, connection: &Connection, n: Notification) {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(p) =
                    n.extract::<lsp_types::DidOpenTextDocumentParams>(DidOpenTextDocument::METHOD)
                {
                    let doc = p.text_document;
                    let key = doc.uri.as_str().to_string();
                    self.documents.insert(
                        key.clone(),
                        Document {
                            uri: doc.uri,
                            text: doc.text,
                            version: Some(doc.version),
                        },
                    );
                    self.pending.remove(&key);
                    self.publish(connection, &key);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) = n.extract::<lsp_types::DidChangeTextDocumentParams>(
                    DidChangeTextDocument::METHOD,
                ) {
                    let key = p.text_document.uri.as_str().to_string();
                    if let Some(doc) = self.documents.get_mut(&key) {
                        text::apply_changes(&mut doc.text, p.content_changes);
                        doc.version = Some(p.text_document.version);
                        self.pending.insert(key);
                    }
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Ok(p) =
                    n.extract::<lsp_types::DidSaveTextDocumentParams>(DidSaveTextDocument::METHOD)
                {
                    let key = p.text_document.uri.as_str().to_string();
                    self.pending.remove(&key);
                    self.publish(connection, &key);
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) =
                    n.extract::<lsp_types::DidCloseTextDocumentParams>(DidCloseTextDocument::METHOD)
                {
                    let key = p.text_document.uri.as_str().to_string();
                    self.pending.remove(&key);
                    if self.documents.remove(&key).is_some() {
                        send_diagnostics(connection, p.text_document.uri, Vec::new(), None);
                    }
                }
            }
            _ => {}
        }
    }

    /// Compiles and reviews a document and publishes its diagnostics.
    fn publish(&self, connection: &Connection, key: &str) {
        let Some(doc) = self.documents.get(key) else {
            return;
        };
        let diagnostics = check::diagnostics(&doc.uri, &doc.text, &stem(key), &self.rules_url);
        send_diagnostics(connection, doc.uri.clone(), diagnostics, doc.version);
    }

    fn hover(&self, key: &str, position: lsp_types::Position) -> Option<Hover> {
        let doc = self.documents.get(key)?;
        let index = LineIndex::new(&doc.text);
        let offset = index.offset(&doc.text, position);
        let (file, _) = crate::syntax::parse(&doc.text);
        let design = crate::Design::from_text(&format!("{}.arch", stem(key)), &doc.text).ok();
        let (markdown, span) = hover::hover(&file, offset, design.as_ref())?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: markdown,
            }),
            range: Some(index.range(&doc.text, span)),
        })
    }

    fn complete(&self, key: &str, position: lsp_types::Position) -> Option<CompletionResponse> {
        let doc = self.documents.get(key)?;
        let offset = LineIndex::new(&doc.text).offset(&doc.text, position);
        let (file, _) = crate::syntax::parse(&doc.text);
        Some(CompletionResponse::Array(complete::complete(
            &doc.text, &file, offset,
        )))
    }

    /// The occurrences of every name in a document, and the one at `position`.
    fn occurrences_at(
        &self,
        key: &str,
        position: lsp_types::Position,
    ) -> Option<(
        &Document,
        LineIndex,
        Vec<names::Occurrence>,
        names::Occurrence,
    )> {
        let doc = self.documents.get(key)?;
        let index = LineIndex::new(&doc.text);
        let offset = index.offset(&doc.text, position);
        let (file, _) = crate::syntax::parse(&doc.text);
        let all = names::occurrences(&file);
        let here = names::at(&all, offset)?.clone();
        Some((doc, index, all, here))
    }

    fn definition(&self, key: &str, position: lsp_types::Position) -> Option<Location> {
        let (doc, index, all, here) = self.occurrences_at(key, position)?;
        let declared = names::declaration(&all, &here.name)?;
        Some(Location::new(
            doc.uri.clone(),
            index.range(&doc.text, declared.span),
        ))
    }

    fn references(
        &self,
        key: &str,
        position: lsp_types::Position,
        include_declaration: bool,
    ) -> Option<Vec<Location>> {
        let (doc, index, all, here) = self.occurrences_at(key, position)?;
        Some(
            all.iter()
                .filter(|o| o.name == here.name && (include_declaration || !o.declaration))
                .map(|o| Location::new(doc.uri.clone(), index.range(&doc.text, o.span)))
                .collect(),
        )
    }

    // `WorkspaceEdit::changes` is lsp-types' `HashMap<Uri, _>`; the map is built once.
    #[allow(clippy::mutable_key_type)]
    fn rename(
        &self,
        key: &str,
        position: lsp_types::Position,
        new_name: &str,
    ) -> Option<WorkspaceEdit> {
        let (doc, index, all, here) = self.occurrences_at(key, position)?;
        let edits: Vec<TextEdit> = all
            .iter()
            .filter(|o| o.name == here.name)
            .map(|o| TextEdit::new(index.range(&doc.text, o.span), new_name.to_string()))
            .collect();
        Some(WorkspaceEdit {
            changes: Some(std::collections::HashMap::from([(doc.uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        })
    }

    fn symbols(&self, key: &str) -> Option<DocumentSymbolResponse> {
        let doc = self.documents.get(key)?;
        let index = LineIndex::new(&doc.text);
        let (file, _) = crate::syntax::parse(&doc.text);
        Some(DocumentSymbolResponse::Nested(outline::symbols(
            &doc.text,
            &index,
            &file.items,
        )))
    }

    /// The edits that format a document: none when it is formatted already, `None` when it
    /// does not parse (its diagnostics say why).
    fn format(&self, key: &str) -> Option<Vec<TextEdit>> {
        let doc = self.documents.get(key)?;
        let formatted = crate::format::format(&doc.text).ok()?;
        if formatted == doc.text {
            return Some(Vec::new());
        }
        let index = LineIndex::new(&doc.text);
        Some(vec![TextEdit::new(index.whole(&doc.text), formatted)])
    }
}

/// The parameters of a request, or the error response that says they are malformed.
fn params<P: serde::de::DeserializeOwned>(request: Request) -> Result<P, Response> {
    let id = request.id.clone();
    serde_json::from_value(request.params).map_err(|e| {
        Response::new_err(
            id,
            ErrorCode::InvalidParams as i32,
            format!("invalid parameters of `{}`: {e}", request.method),
        )
    })
}

fn send_diagnostics(
    connection: &Connection,
    uri: Uri,
    diagnostics: Vec<lsp_types::Diagnostic>,
    version: Option<i32>,
) {
    let params = PublishDiagnosticsParams {
        uri,
        diagnostics,
        version,
    };
    let _ = connection
        .sender
        .send(Notification::new(PublishDiagnostics::METHOD.to_string(), params).into());
}

/// A document's default title: the last segment of its URI's path without `.arch`
/// (`file:///d/shop.arch` is `shop`), percent-escapes left as they are.
fn stem(uri: &str) -> String {
    let path = uri.split(['?', '#']).next().unwrap_or(uri);
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".arch").unwrap_or(name).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_come_from_the_uri_path() {
        assert_eq!(stem("file:///home/me/shop.arch"), "shop");
        assert_eq!(stem("untitled:Untitled-1"), "untitled:Untitled-1");
        assert_eq!(stem("file:///a/b.arch?x#y"), "b");
    }
}
