//! What a diagnostic says: [`DiagnosticKind`], one variant per thing that can be wrong, each
//! carrying the offending names and values, and the one place where every message, hint and
//! label text is written.
//!
//! The design follows just's `CompileErrorKind` (casey/just, `src/compile_error_kind.rs` and
//! `src/compile_error.rs`): a creation site says *what* is wrong, as data; the text is a `match`
//! over the kind ([`std::fmt::Display`] for the message, [`DiagnosticKind::hint`] for the hint,
//! [`DiagnosticKind::label`] for the labels). The stable code (`E0107`) is
//! [`DiagnosticKind::code`], so users, SARIF and editors keep the codes they know while the
//! words improve. Several variants may share a code: a code names a class of mistake, a variant
//! one way of making it.
//!
//! The table of codes in the documentation (`docs/src/reference/diagnostics.md`) is
//! [`codes_markdown`], from [`Tag::summary`] and [`Tag::example`].

use std::fmt::{self, Display, Formatter};

/// Everything archc reports about an input or a command line, with the names and values the
/// report is about.
///
/// Codes: `E01xx` syntax and limits, `E02xx` names, attributes and structure, `W02xx`
/// compile warnings, `W03xx` review warnings, `E04xx` files, options and the system.
#[derive(Clone, Debug, PartialEq, strum::EnumDiscriminants)]
#[strum_discriminants(
    name(Tag),
    derive(strum::EnumIter, Hash, PartialOrd, Ord),
    doc = "The variant of a [`DiagnosticKind`] without its fields: what has a code, a summary and an example ([`Tag::code`], [`Tag::summary`], [`Tag::example`])."
)]
pub enum DiagnosticKind {
    // --- E01xx: syntax and limits -------------------------------------------------------
    /// The file holds no statement (only blanks and comments, or nothing).
    EmptyFile,
    /// The grammar rejected the file as a whole (a safety net: the recovery makes every line
    /// its own statement).
    Unparsable,
    /// A token where none is expected, after a statement that parses on its own.
    UnexpectedToken {
        /// The token (`None`: the end of the line).
        found: Option<String>,
    },
    /// A statement that does not parse: what the grammar expected at the first bad token.
    ExpectedToken {
        /// What would have been accepted there, in the grammar's order, without repeats.
        expected: Vec<Expected>,
        /// The token found (`None`: the end of the line).
        found: Option<String>,
        /// What the statement looks like, for the hint.
        context: Context,
    },
    /// A string with no closing `"` on its line.
    UnterminatedString,
    /// A `\` escape that is not one of the language's.
    UnknownEscape {
        /// The escape as written, from the `\`.
        escape: String,
    },
    /// A reserved word where an identifier goes.
    ReservedWord {
        /// The word.
        word: String,
        /// Every reserved word.
        reserved: &'static [&'static str],
    },
    /// A `{` that is never closed.
    UnclosedBrace,
    /// A dotted quad with a number above 255.
    BadIpv4 {
        /// The address as written.
        text: String,
    },
    /// A range `N..M` whose bounds do not fit archc's whole numbers.
    BadRange {
        /// The range as written.
        text: String,
    },
    /// Blocks and lists nested deeper than the limit.
    TooDeep {
        /// The deepest nesting allowed, in levels.
        max: usize,
    },
    /// More errors than are shown for one file.
    TooManyErrors {
        /// How many are not shown.
        more: usize,
        /// How many are shown.
        shown: usize,
    },
    /// A source text larger than the limit (found by the parser).
    InputTooLarge {
        /// Its length, in bytes.
        len: usize,
        /// The limit, in bytes.
        max: usize,
    },
    /// A file larger than the limit (found while reading it: the rest is not read).
    FileTooLarge {
        /// The file's name as given.
        file: String,
        /// The limit, in bytes.
        max: usize,
    },
    /// More declarations than the limit.
    TooManyDeclarations {
        /// The most declarations allowed.
        max: usize,
    },
    /// More statements than the limit.
    TooManyStatements {
        /// The most statements allowed.
        max: usize,
    },

    // --- E02xx: names, attributes and structure ------------------------------------------
    /// A declaration whose kind archc does not know.
    UnknownKind {
        /// The kind as written.
        kind: String,
        /// The closest kind, for "did you mean".
        suggestion: Option<String>,
        /// Every kind (and `flow`).
        kinds: Vec<&'static str>,
    },
    /// An identifier declared a second time (as an element or a flow).
    Duplicate {
        /// The identifier.
        name: String,
    },
    /// A name that no element of the file has.
    UnknownIdentifier {
        /// The name.
        name: String,
        /// What was expected, with its article: `an element`, `a database`.
        expected: String,
        /// The closest element's identifier.
        suggestion: Option<String>,
    },
    /// `flows = [...]` naming a flow the file does not declare.
    UnknownFlow {
        /// The name.
        name: String,
        /// The closest flow.
        suggestion: Option<String>,
        /// Every flow: the declared ones, then `reads`, `writes`, `background`.
        flows: Vec<String>,
    },
    /// An element named on the command line (`--fail`) that the design does not have.
    UnknownElementOption {
        /// The option, e.g. `--fail`.
        option: String,
        /// The name given.
        name: String,
        /// The design's file name.
        file: String,
        /// The closest element's identifier.
        suggestion: Option<String>,
    },
    /// An attribute that the element, link or flow does not accept.
    UnknownAttribute {
        /// The key.
        key: String,
        /// What it was written on, with its article: `a service`, `a link`, `a flow`.
        owner: String,
        /// The closest accepted key.
        suggestion: Option<String>,
        /// Every accepted key.
        accepted: Vec<&'static str>,
    },
    /// A value that its attribute does not accept.
    BadValue {
        /// The key.
        key: String,
        /// The value, as written in the source.
        value: String,
        /// What the key takes.
        expected: ValueShape,
        /// The closest accepted word.
        suggestion: Option<String>,
    },
    /// A `records` entry whose record type archc does not know.
    UnknownRecordType {
        /// The type as written.
        record_type: String,
        /// The closest known type.
        suggestion: Option<String>,
        /// Every known type.
        types: Vec<&'static str>,
    },
    /// `title`, `description` or `direction` written twice.
    GivenTwice {
        /// Which statement.
        what: &'static str,
    },
    /// An attribute at the top level.
    AttributeOutside {
        /// The key.
        key: String,
    },
    /// A declaration inside a component's body.
    InsideComponent {
        /// The inner declaration's identifier.
        name: String,
        /// The component's identifier.
        component: String,
        /// The component's kind.
        component_kind: &'static str,
    },
    /// A `flow` declared inside a container.
    FlowInContainer {
        /// The flow's identifier.
        flow: String,
        /// The container's identifier.
        container: String,
    },
    /// Something other than an attribute in a `flow`'s body.
    FlowBody {
        /// The keys a flow accepts.
        keys: &'static [&'static str],
    },
    /// A container that may not hold the element declared in it.
    BadNesting {
        /// The inner element's kind.
        kind: &'static str,
        /// The container's kind (the one around a group).
        outer: &'static str,
        /// The container's identifier.
        outer_id: String,
        /// Whether a host is inside a host.
        host_in_host: bool,
    },
    /// `title`, `description` or `direction` inside a declaration.
    HeaderInBody,
    /// `replicates` naming an element of another kind.
    ReplicatesOtherKind {
        /// The element named.
        target: String,
        /// The replica's kind.
        own: &'static str,
        /// The named element's kind.
        target_kind: &'static str,
    },
    /// `replicates` naming the element itself.
    ReplicatesItself {
        /// The element.
        target: String,
        /// Its kind.
        own: &'static str,
    },
    /// A link that names a flow as an endpoint.
    FlowEndpoint {
        /// The flow.
        name: String,
    },
    /// A link to a cluster that has no member.
    EmptyCluster {
        /// The cluster.
        name: String,
    },
    /// A link to a host that runs no component.
    EmptyHost {
        /// The host.
        name: String,
    },
    /// A link to a zone or a group.
    ContainerEndpoint {
        /// The container's kind.
        container: &'static str,
        /// Its identifier.
        name: String,
        /// The components inside it, in source order.
        components: Vec<String>,
    },
    /// A cluster whose members are of two kinds.
    MixedCluster {
        /// The cluster.
        cluster: String,
        /// The first member's kind.
        kind: &'static str,
        /// The kind of the first member that differs.
        other: &'static str,
    },
    /// A cluster of servers whose hosts do not run the same kinds.
    UnevenHosts {
        /// The cluster.
        cluster: String,
        /// The first host that differs.
        host: String,
        /// The cluster's first host.
        first_host: String,
        /// The kinds the first host runs and this one does not.
        missing: Vec<&'static str>,
        /// The kinds this host runs and the first one does not.
        extra: Vec<&'static str>,
    },
    /// Something other than an attribute in a link's body.
    LinkBody {
        /// The keys a link accepts.
        keys: &'static [&'static str],
    },
    /// `optional` or `flows` on a link that carries no requests.
    NonRequestAttribute {
        /// The key.
        key: String,
    },
    /// An attribute set twice in one body.
    SetTwice {
        /// The key.
        key: String,
    },
    /// An `allow` whose reason is empty.
    EmptyReason,
    /// Alternatives `|` before `->` or after `~>`.
    MisplacedAlternatives {
        /// Whether they follow a `~>` (else they precede an arrow).
        after_non_request: bool,
    },
    /// Alternatives of kinds that do not stand in for each other.
    IncompatibleAlternatives {
        /// The first alternative.
        first: String,
        /// The first one of another class.
        other: String,
        /// The first one's kind.
        first_kind: &'static str,
        /// The other one's kind.
        other_kind: &'static str,
    },
    /// `zone` on a component inside a host.
    ZoneOnHostedComponent,
    /// `zone` or `zones` naming an element that is not a zone.
    NotAZone {
        /// The element.
        name: String,
        /// Its kind.
        kind: &'static str,
        /// The closest zone.
        suggestion: Option<String>,
        /// Every zone of the file.
        zones: Vec<String>,
    },
    /// `zone` or `zones` naming nothing the file declares.
    UnknownZone {
        /// The name.
        name: String,
        /// The closest zone.
        suggestion: Option<String>,
        /// Every zone of the file.
        zones: Vec<String>,
    },
    /// `zones` without `instances`.
    ZonesWithoutInstances {
        /// The element.
        element: String,
    },
    /// `zones` naming a zone that is not a failure domain.
    NotAFailureDomain {
        /// The zone.
        zone: String,
    },
    /// An element in two trust zones, neither inside the other.
    TwoTrustZones {
        /// The element.
        element: String,
        /// One zone.
        first: String,
        /// The other.
        second: String,
    },
    /// A dependency on an element that may have no copy.
    AbsentButNeeded {
        /// The element that may be absent.
        element: String,
        /// The element that needs it.
        needed_by: String,
    },
    /// More links, once expanded, than the limit.
    TooManyLinks {
        /// The most links allowed.
        max: usize,
    },
    /// A `flow` named like a built-in flow.
    BuiltinFlow {
        /// The name.
        name: String,
    },
    /// A design with elements but no client.
    NoClient,

    // --- W03xx: the review's warnings ----------------------------------------------------
    /// `allow` naming a rule that does not exist.
    UnknownRule {
        /// The rule as written.
        rule: String,
        /// The closest rule.
        suggestion: Option<String>,
        /// Every rule.
        rules: Vec<&'static str>,
    },
    /// `allow` that silences no finding.
    UnusedAllow {
        /// The rule.
        rule: String,
        /// The elements after `on`, in order (empty: none written).
        on: Vec<String>,
    },

    // --- E04xx: files, options and the system ---------------------------------------------
    /// An input file that does not exist.
    FileNotFound {
        /// The file's name as given.
        file: String,
    },
    /// An input that is a directory.
    IsADirectory {
        /// The directory's name as given.
        file: String,
    },
    /// An input that cannot be read.
    Unreadable {
        /// The file's name as given.
        file: String,
        /// The system's reason.
        reason: String,
    },
    /// An input that is not UTF-8.
    NotUtf8 {
        /// The file's name as given.
        file: String,
        /// The first invalid byte.
        byte: u8,
        /// Its line (1-based).
        line: usize,
        /// Its column (1-based, in characters).
        column: usize,
    },
    /// An output that cannot be written (or its directory created).
    CannotWrite {
        /// The file or directory, or `standard output`.
        path: String,
        /// The system's reason.
        reason: String,
    },
    /// A `--scale` that is not a positive number.
    BadScale {
        /// The value given.
        scale: f32,
    },
    /// An option naming elements (`--fail a,,b`) with an empty name in its list.
    EmptyElementOption {
        /// The option, e.g. `--fail`.
        option: String,
    },
    /// A port that cannot be listened on.
    CannotListen {
        /// The port asked for (0: any).
        port: u16,
        /// The system's reason.
        reason: String,
    },
    /// A PNG or PDF that cannot be made from the diagram.
    PictureFailed {
        /// `PNG` or `PDF`.
        format: &'static str,
        /// The converter's reason.
        reason: String,
    },
    /// Files that cannot be watched for changes.
    CannotWatch {
        /// The system's reason.
        reason: String,
    },
    /// Two inputs of one `archc build` that would write the same output file.
    OutputCollision {
        /// The output both would write.
        path: String,
        /// The first input.
        first: String,
        /// The second input.
        second: String,
    },
    /// A command-line argument that a program without clap does not know.
    UnknownArgument {
        /// The program.
        program: &'static str,
        /// The argument.
        argument: String,
    },
}

/// What the grammar expected where a statement went wrong, in words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    /// An identifier (an element, a kind, a key).
    Identifier,
    /// A quoted string.
    String,
    /// A block `{`.
    Block,
    /// `->` or `~>`.
    Arrow,
    /// A value (a word, a number, a percentage, an address, a list).
    Value,
    /// The end of the statement: a new line or `;`.
    LineEnd,
    /// A statement.
    Statement,
}

/// What a statement that did not parse looks like, to choose its hint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// The statement begins with `}`: a brace with nothing open.
    StrayBrace,
    /// A second string follows the label.
    SecondLabel,
    /// Text follows a statement that ended with its block.
    AfterBlock,
    /// Anything else.
    Statement,
}

/// What an attribute takes, for [`DiagnosticKind::BadValue`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueShape {
    /// One word of a vocabulary.
    OneOf(Vec<&'static str>),
    /// `down` or `right` (`direction`).
    Direction,
    /// `true` or `false`.
    Bool,
    /// A string.
    Text,
    /// A port, 1 to 65535.
    Port,
    /// An IPv4 address or a quoted one.
    Address,
    /// A percentage in `(0%, 100%]`.
    Percentage,
    /// A whole number in `min..=max`.
    WholeNumber {
        /// The smallest accepted.
        min: u32,
        /// The largest accepted.
        max: u32,
    },
    /// `instances`: a number of copies or a range (the value given was not one).
    Instances,
    /// `instances = 0`.
    InstancesAtLeastOne,
    /// `instances = N..M` with `N > M`.
    InstancesOrdered {
        /// The bound written first.
        lo: u64,
        /// The bound written second.
        hi: u64,
    },
    /// `instances` above the limit.
    InstancesAtMost {
        /// The most copies allowed.
        max: u32,
    },
    /// A list of strings.
    StringList,
    /// A list of signals (`collects`).
    SignalList,
    /// A list of failure-domain zones.
    ZoneList,
    /// The identifier of a zone.
    ZoneId,
    /// The identifier of the primary (`replicates`).
    PrimaryId,
    /// A list of flows.
    FlowList,
    /// The identifier of a flow.
    FlowId,
    /// A DNS record `NAME TYPE VALUE`.
    Record,
}

/// `name` with its indefinite article: `a database`, `an app_server`.
pub fn with_article(name: &str) -> String {
    if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {name}")
    } else {
        format!("a {name}")
    }
}

/// `` `a`, `b`, `c` ``.
fn code_list<S: AsRef<str>>(names: &[S]) -> String {
    names
        .iter()
        .map(|n| format!("`{}`", n.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `a`, `a or b`, `a, b or c`.
fn or_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => format!(
            "{} or {}",
            init.iter()
                .map(|s| s.as_ref().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}

/// `` `a` ``, `` `a` and `b` ``, `` `a`, `b` and `c` ``.
fn and_names(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// A token as the messages name it.
fn token(found: &Option<String>) -> String {
    match found {
        Some(t) if !t.is_empty() => format!("`{t}`"),
        _ => "the end of the line".to_string(),
    }
}

/// `text` with its control characters (a tab, an escape byte that would drive a terminal)
/// written as Rust escapes, so that a message shows them instead of obeying them.
fn visible(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// `did you mean `x`? ` or nothing.
fn did_you_mean(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!("did you mean `{s}`? "),
        None => String::new(),
    }
}

impl Display for Expected {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Expected::Identifier => "an identifier",
            Expected::String => "a string",
            Expected::Block => "`{`",
            Expected::Arrow => "`->` or `~>`",
            Expected::Value => "a value",
            Expected::LineEnd => "a new line or `;`",
            Expected::Statement => "a statement",
        })
    }
}

impl Display for ValueShape {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            ValueShape::OneOf(words) => write!(f, "one of {}", code_list(words)),
            ValueShape::Direction => f.write_str("`down` (the default) or `right`"),
            ValueShape::Bool => f.write_str("`true` or `false`"),
            ValueShape::Text => f.write_str("a string such as `\"text\"`"),
            ValueShape::Port => f.write_str("a whole number from 1 to 65535"),
            ValueShape::Address => {
                f.write_str("an IPv4 address such as `8.8.8.8`, or a quoted IPv6 address")
            }
            ValueShape::Percentage => {
                f.write_str("a percentage above 0% and at most 100%, such as `99.95%`")
            }
            ValueShape::WholeNumber { min, max } => {
                write!(f, "a whole number from {min} to {max}")
            }
            ValueShape::Instances => {
                f.write_str("a whole number of copies such as `3`, or a range such as `2..6`")
            }
            ValueShape::InstancesAtLeastOne => {
                f.write_str("at least one copy; write `0..1` for an element that may be absent")
            }
            ValueShape::InstancesOrdered { lo, hi } => write!(
                f,
                "a range whose minimum is at most its maximum, such as `{hi}..{lo}`"
            ),
            ValueShape::InstancesAtMost { max } => write!(f, "at most {max} copies"),
            ValueShape::StringList => f.write_str("a list such as `[\"…\", \"…\"]`"),
            ValueShape::SignalList => f.write_str("a list such as `[metrics, logs]`"),
            ValueShape::ZoneList => {
                f.write_str("a list of failure-domain zones such as `[az-a, az-b]`")
            }
            ValueShape::ZoneId => f.write_str("the identifier of a zone"),
            ValueShape::PrimaryId => f.write_str("the identifier of the primary database"),
            ValueShape::FlowList => f.write_str("a list of flows such as `[checkout, browse]`"),
            ValueShape::FlowId => f.write_str("the identifier of a flow"),
            ValueShape::Record => f.write_str(
                "an entry written `NAME TYPE VALUE`, such as `\"www.example.com A 203.0.113.10\"`",
            ),
        }
    }
}

/// The message: one sentence saying what is wrong, with what was expected.
impl Display for DiagnosticKind {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        use DiagnosticKind as K;
        match self {
            K::EmptyFile => f.write_str("the file declares nothing"),
            K::Unparsable => f.write_str("this file could not be parsed"),
            K::UnexpectedToken { found } => write!(f, "unexpected {}", token(found)),
            K::ExpectedToken {
                expected, found, ..
            } => write!(f, "expected {}, found {}", or_list(expected_words(expected).as_slice()), token(found)),
            K::UnterminatedString => f.write_str("unterminated string: expected a closing `\"`"),
            K::UnknownEscape { escape } => {
                write!(f, "unknown escape sequence `{}` in a string", visible(escape))
            }
            K::ReservedWord { word, .. } => write!(
                f,
                "`{word}` is a reserved word and cannot be used as an identifier"
            ),
            K::UnclosedBrace => f.write_str("missing `}`: this `{` is never closed"),
            K::BadIpv4 { text } => write!(f, "`{text}` is not an IPv4 address"),
            K::BadRange { text } => write!(f, "`{text}` is not a range of whole numbers"),
            K::TooDeep { max } => write!(f, "blocks and lists nest more than {max} levels deep"),
            K::TooManyErrors { more, shown } => write!(
                f,
                "too many syntax errors: {more} more after the first {shown} are not shown"
            ),
            K::InputTooLarge { len, max } => write!(
                f,
                "the input is {len} bytes long, more than the limit of {max} bytes ({})",
                mebibytes(*max)
            ),
            K::FileTooLarge { file, max } => write!(
                f,
                "`{file}` is larger than the limit of {max} bytes ({})",
                mebibytes(*max)
            ),
            K::TooManyDeclarations { max } => {
                write!(f, "the file declares more than {max} elements")
            }
            K::TooManyStatements { max } => write!(f, "the file has more than {max} statements"),
            K::UnknownKind { kind, .. } => write!(f, "unknown kind `{kind}`"),
            K::Duplicate { name } => write!(f, "`{name}` is declared twice"),
            K::UnknownIdentifier { name, .. } => write!(f, "unknown identifier `{name}`"),
            K::UnknownFlow { name, .. } => write!(f, "no flow is named `{name}`"),
            K::UnknownElementOption {
                option, name, file, ..
            } => write!(f, "`{option} {name}`: no element `{name}` in `{file}`"),
            K::UnknownAttribute { key, owner, .. } => {
                write!(f, "unknown attribute `{key}` for {owner}")
            }
            K::BadValue { key, value, .. } => {
                write!(f, "`{value}` is not a valid value for `{key}`")
            }
            K::UnknownRecordType { record_type, .. } => {
                write!(f, "`{record_type}` is not a DNS record type")
            }
            K::GivenTwice { what } => write!(f, "`{what}` is given twice"),
            K::AttributeOutside { key } => {
                write!(f, "the attribute `{key}` is outside any declaration")
            }
            K::InsideComponent {
                name, component, ..
            } => write!(f, "`{name}` is declared inside the component `{component}`"),
            K::FlowInContainer { flow, container } => {
                write!(f, "the flow `{flow}` is declared inside `{container}`")
            }
            K::FlowBody { .. } => f.write_str("a flow's body holds attributes only"),
            K::BadNesting { kind, outer, .. } => write!(
                f,
                "{} cannot be inside {}",
                with_article(kind),
                with_article(outer)
            ),
            K::HeaderInBody => f.write_str("this statement belongs at the top of the file"),
            K::ReplicatesOtherKind {
                target,
                own,
                target_kind,
            } => write!(
                f,
                "`replicates` must name {}, but `{target}` is {}",
                with_article(own),
                with_article(target_kind)
            ),
            K::ReplicatesItself { target, .. } => write!(f, "`{target}` cannot replicate itself"),
            K::FlowEndpoint { name } => {
                write!(f, "`{name}` is a flow, not an element a link can end at")
            }
            K::EmptyCluster { name } => {
                write!(f, "the cluster `{name}` has no members to link to")
            }
            K::EmptyHost { name } => write!(f, "the host `{name}` holds no component to link to"),
            K::ContainerEndpoint {
                container, name, ..
            } => write!(f, "a link cannot end at the {container} `{name}`"),
            K::MixedCluster {
                cluster,
                kind,
                other,
            } => write!(
                f,
                "the cluster `{cluster}` mixes {} and {}",
                with_article(kind),
                with_article(other)
            ),
            K::UnevenHosts {
                cluster,
                host,
                missing,
                extra,
                ..
            } => {
                let what = if missing.is_empty() {
                    format!(
                        "also runs {}",
                        articled(extra).join(" and ")
                    )
                } else {
                    format!("has no {}", articled(missing).join(" or "))
                };
                write!(
                    f,
                    "the hosts of the cluster `{cluster}` do not run the same kinds: `{host}` {what}"
                )
            }
            K::LinkBody { .. } => f.write_str("a link's body holds attributes only"),
            K::NonRequestAttribute { key } => write!(
                f,
                "a link that carries no requests (`~>`) takes no `{key}`"
            ),
            K::SetTwice { key } => write!(f, "`{key}` is set twice"),
            K::EmptyReason => f.write_str("an `allow` needs a reason"),
            K::MisplacedAlternatives { .. } => {
                f.write_str("alternatives `|` cannot be written here")
            }
            K::IncompatibleAlternatives {
                first,
                other,
                first_kind,
                other_kind,
            } => write!(
                f,
                "`{first}` and `{other}` cannot be alternatives: {} and {} do not stand in for each other",
                with_article(first_kind),
                with_article(other_kind)
            ),
            K::ZoneOnHostedComponent => {
                f.write_str("a component inside a host cannot join a zone of its own")
            }
            K::NotAZone { name, kind, .. } => {
                write!(f, "`{name}` is {}, not a zone", with_article(kind))
            }
            K::UnknownZone { name, .. } => write!(f, "no zone is named `{name}`"),
            K::ZonesWithoutInstances { element } => write!(
                f,
                "`{element}` spreads its copies over `zones` but declares no `instances`"
            ),
            K::NotAFailureDomain { zone } => {
                write!(f, "`zones` names `{zone}`, which is not a failure domain")
            }
            K::TwoTrustZones {
                element,
                first,
                second,
            } => write!(
                f,
                "`{element}` is in two trust zones, `{first}` and `{second}`"
            ),
            K::AbsentButNeeded { element, needed_by } => write!(
                f,
                "`{element}` may be absent (`instances` starts at 0), but `{needed_by}` needs it"
            ),
            K::TooManyLinks { max } => write!(f, "the design expands to more than {max} links"),
            K::BuiltinFlow { name } => write!(f, "`{name}` is a built-in flow"),
            K::NoClient => f.write_str("the design has no client: no flow starts"),
            K::UnknownRule { rule, .. } => write!(f, "`allow` names the unknown rule `{rule}`"),
            K::UnusedAllow { rule, on } => {
                if on.is_empty() {
                    write!(f, "`allow {rule}` matches no finding")
                } else {
                    write!(f, "`allow {rule}` on {} matches no finding", and_names(on))
                }
            }
            K::FileNotFound { file } => write!(f, "`{file}` does not exist"),
            K::IsADirectory { file } => write!(f, "`{file}` is a directory"),
            K::Unreadable { file, reason } => write!(f, "`{file}` cannot be read: {reason}"),
            K::NotUtf8 {
                file,
                byte,
                line,
                column,
            } => write!(
                f,
                "`{file}` is not UTF-8: byte 0x{byte:02X} at line {line}, column {column} is not valid UTF-8"
            ),
            K::CannotWrite { path, reason } => write!(f, "cannot write {path}: {reason}"),
            K::BadScale { scale } => {
                write!(f, "`--scale {scale}`: the scale must be a positive number")
            }
            K::EmptyElementOption { option } => {
                write!(f, "`{option}` names an empty identifier")
            }
            K::CannotListen { port, reason } => {
                write!(f, "cannot listen on 127.0.0.1:{port}: {reason}")
            }
            K::PictureFailed { format, reason } => {
                write!(f, "cannot make the {format}: {reason}")
            }
            K::CannotWatch { reason } => write!(f, "cannot watch the inputs: {reason}"),
            K::OutputCollision {
                path,
                first,
                second,
            } => write!(f, "`{first}` and `{second}` would both write {path}"),
            K::UnknownArgument { program, argument } => {
                write!(f, "{program}: unknown argument `{argument}`")
            }
        }
    }
}

fn expected_words(expected: &[Expected]) -> Vec<String> {
    let words: Vec<String> = expected.iter().map(Expected::to_string).collect();
    if words.is_empty() {
        vec![Expected::Statement.to_string()]
    } else {
        words
    }
}

fn articled(kinds: &[&str]) -> Vec<String> {
    kinds.iter().map(|k| with_article(k)).collect()
}

/// `16 MiB` for a whole number of mebibytes, else the bytes.
fn mebibytes(bytes: usize) -> String {
    if bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / (1024 * 1024))
    } else {
        format!("{bytes} bytes")
    }
}

impl DiagnosticKind {
    /// The variant, without its fields.
    pub fn tag(&self) -> Tag {
        Tag::from(self)
    }

    /// The stable code, e.g. `E0107`: `E01xx` syntax and limits, `E02xx` names, attributes and
    /// structure, `W0201` compile warnings, `W03xx` review warnings, `E04xx` files, options
    /// and the system.
    pub fn code(&self) -> &'static str {
        self.tag().code()
    }

    /// Error or warning (a code that begins with `W` is a warning).
    pub fn level(&self) -> super::Level {
        self.tag().level()
    }

    /// The name a "did you mean" hint proposes, when the kind has one: what an editor offers
    /// to put in place of the offending name (the language server's quick fix).
    pub fn suggestion(&self) -> Option<&str> {
        use DiagnosticKind as K;
        match self {
            K::UnknownKind { suggestion, .. }
            | K::UnknownIdentifier { suggestion, .. }
            | K::UnknownFlow { suggestion, .. }
            | K::UnknownElementOption { suggestion, .. }
            | K::UnknownAttribute { suggestion, .. }
            | K::BadValue { suggestion, .. }
            | K::UnknownRecordType { suggestion, .. }
            | K::NotAZone { suggestion, .. }
            | K::UnknownZone { suggestion, .. }
            | K::UnknownRule { suggestion, .. } => suggestion.as_deref(),
            _ => None,
        }
    }

    /// What to do about it, one or two sentences.
    pub fn hint(&self) -> String {
        use DiagnosticKind as K;
        const STATEMENTS: &str = "statements are `KIND ID [\"LABEL\"] [{ ... }]`, `A -> B [: PROTOCOL] [\"LABEL\"]`, `key = value`, `title \"…\"`, `description \"…\"`, `direction down|right` or `allow RULE [on ID, ...] \"REASON\"`, one per line or separated by `;`";
        const STRAY: &str = "there is no `{` open for this `}`: remove it";
        match self {
            K::EmptyFile => "declare at least one component, e.g. `client user \"User\"`".into(),
            K::Unparsable => "check the statement that starts here".into(),
            K::UnexpectedToken { found } => {
                if found.as_deref() == Some("}") {
                    STRAY.into()
                } else {
                    "remove it, or put each statement on its own line or after `;`".into()
                }
            }
            K::ExpectedToken { context, .. } => match context {
                Context::StrayBrace => STRAY.into(),
                Context::SecondLabel => {
                    "a label is written once, right after the identifier: `KIND ID \"LABEL\"`"
                        .into()
                }
                Context::AfterBlock => {
                    "a statement ends with its block: put what follows on its own line".into()
                }
                Context::Statement => STATEMENTS.into(),
            },
            K::UnterminatedString => {
                "close it with `\"` on the same line; write a line break as `\\n`".into()
            }
            K::UnknownEscape { .. } => "the escapes are `\\\"`, `\\\\`, `\\n`, `\\t` and `\\u{1F600}` (a Unicode code point in hex)".into(),
            K::ReservedWord { word, reserved } => format!(
                "rename it, e.g. `{word}-1`; the reserved words are {}",
                code_list(reserved)
            ),
            K::UnclosedBrace => "add `}` after the last item of this block".into(),
            K::BadIpv4 { .. } => {
                "write a dotted address such as `8.8.8.8`; quote IPv6 addresses".into()
            }
            K::BadRange { .. } => "write a range of whole numbers such as `2..6`".into(),
            K::TooDeep { .. } => "close the blocks that should have ended with `}`; a design needs a few levels (a zone holds hosts, a host holds components)".into(),
            K::TooManyErrors { .. } => {
                "fix the errors above and check again; is this an `.arch` file?".into()
            }
            K::InputTooLarge { .. } | K::FileTooLarge { .. } => {
                "an `.arch` design is a few kilobytes: check that this is the file you meant"
                    .into()
            }
            K::TooManyDeclarations { .. } => {
                "split the design into several files, or use `instances = N` for identical copies"
                    .into()
            }
            K::TooManyStatements { .. } => {
                "split the design into several files; `a, b -> c, d` writes several links at once"
                    .into()
            }
            K::UnknownKind {
                suggestion, kinds, ..
            } => format!("{}the kinds are {}", did_you_mean(suggestion), code_list(kinds)),
            K::Duplicate { .. } => {
                "an identifier names exactly one element in the whole file: rename one of them"
                    .into()
            }
            K::UnknownIdentifier {
                name, suggestion, ..
            } => match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("declare it first, e.g. `service {name}`"),
            },
            K::UnknownFlow {
                name,
                suggestion,
                flows,
            } => match suggestion {
                Some(s) => format!("did you mean `{s}`? the flows are {}", code_list(flows)),
                None => format!(
                    "declare it: `flow {name} \"{name}\" {{ access = read }}`; the flows are {}",
                    code_list(flows)
                ),
            },
            K::UnknownElementOption { suggestion, .. } => match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => "name components or hosts of the design, separated by commas".into(),
            },
            K::UnknownAttribute {
                owner,
                suggestion,
                accepted,
                ..
            } => format!(
                "{}{owner} accepts {}, and free-form keys that begin with `x-`",
                did_you_mean(suggestion),
                code_list(accepted)
            ),
            K::BadValue {
                key,
                expected,
                suggestion,
                ..
            } => format!("{}`{key}` takes {expected}", did_you_mean(suggestion)),
            K::UnknownRecordType {
                suggestion, types, ..
            } => format!(
                "{}the record types are {}",
                did_you_mean(suggestion),
                code_list(types)
            ),
            K::GivenTwice { what } => format!("a file has at most one `{what}`: keep one"),
            K::AttributeOutside { .. } => {
                "attributes go inside the body of a declaration: `KIND ID { key = value }`".into()
            }
            K::InsideComponent { .. } => {
                "put both in a `host`, `cluster` or `zone`, or declare it at top level".into()
            }
            K::FlowInContainer { .. } => {
                "declare flows at top level: `flow checkout \"Checkout\" { access = write }`"
                    .into()
            }
            K::FlowBody { keys } => format!("a flow accepts {}", code_list(keys)),
            K::BadNesting { host_in_host, .. } => if *host_in_host {
                "a component is in at most one host: declare the inner host outside, or make it a `cluster` of processes"
            } else {
                "a zone may hold anything; a cluster may hold hosts, clusters and components; a host holds components and clusters of processes; a group may hold what its container may"
            }
            .into(),
            K::HeaderInBody => {
                "write `title`, `description` and `direction` at top level".into()
            }
            K::ReplicatesOtherKind { own, .. } | K::ReplicatesItself { own, .. } => {
                format!("name the primary {own} that this replica copies")
            }
            K::FlowEndpoint { name } => {
                format!("name the flow in the link's body instead: `{{ flows = [{name}] }}`")
            }
            K::EmptyCluster { .. } => {
                "declare the cluster's members inside it (directly or in its hosts)".into()
            }
            K::EmptyHost { .. } => "declare what runs on the host inside it, e.g. `host web-01 { web_server nginx }`".into(),
            K::ContainerEndpoint {
                container,
                components,
                ..
            } => {
                if components.is_empty() {
                    format!("link to a component, a host or a cluster; the {container} holds no component")
                } else {
                    format!("link to a component inside it: {}", code_list(components))
                }
            }
            K::MixedCluster { .. } => "a cluster's members are of one kind (firewalls and monitoring agents aside), or are hosts that each run the same kinds: put each copy of the stack in a host of its own (`host web-1 { web_server n1; app_server a1 }`)".into(),
            K::UnevenHosts { .. } => "each host of a cluster of servers is one copy of the stack: give every host the same kinds, or put the odd host outside the cluster".into(),
            K::LinkBody { keys } => format!("a link accepts {}", code_list(keys)),
            K::NonRequestAttribute { .. } => {
                "write the link with `->` if it carries requests, or remove the attribute".into()
            }
            K::SetTwice { .. } => "keep one of them".into(),
            K::EmptyReason => "say why this finding is accepted, e.g. `\"the provider's health checks watch it\"`".into(),
            K::MisplacedAlternatives { after_non_request } => if *after_non_request {
                "a link that carries no requests (`~>`) has no alternatives: list its targets with `,`"
            } else {
                "alternatives `|` are targets: write them after `->`, not before it"
            }
            .into(),
            K::IncompatibleAlternatives { .. } => "alternatives are copies that each serve the same requests (`web-1 | web-2`); link to different kinds with `,` when both are needed".into(),
            K::ZoneOnHostedComponent => {
                "set `zone` on the host: everything in it is in the host's zones".into()
            }
            K::NotAZone {
                suggestion, zones, ..
            }
            | K::UnknownZone {
                suggestion, zones, ..
            } => match suggestion {
                Some(s) => format!("did you mean `{s}`? the zones are {}", code_list(zones)),
                None if zones.is_empty() => {
                    "declare the zone first: `zone az-a \"eu-west-1a\" { failure_domain = true }`"
                        .into()
                }
                None => format!("the zones are {}", code_list(zones)),
            },
            K::ZonesWithoutInstances { .. } => "add `instances = 2` (or a range such as `2..6`), or join one zone with `zone = ID`".into(),
            K::NotAFailureDomain { zone } => {
                format!("make it one: `zone {zone} {{ failure_domain = true }}`")
            }
            K::TwoTrustZones { .. } => "an element is in at most one trust zone: join a failure-domain zone without `trust`, or move the element".into(),
            K::AbsentButNeeded { .. } => "mark the link `{ optional = true }`, write an alternative with `|`, or give it at least one instance".into(),
            K::TooManyLinks { .. } => "link clusters rather than every member, and split fan-out lists; a design people draw has far fewer links".into(),
            K::BuiltinFlow { .. } => "name the journey after what the user does (`checkout`, `browse`); `reads`, `writes` and `background` exist in every design".into(),
            K::NoClient => "declare where traffic enters, e.g. `client user \"User\"` linked to the first component, or `client job { trusted = true }` for an internal caller".into(),
            K::UnknownRule { suggestion, rules, .. } => match suggestion {
                Some(s) => format!("did you mean `{s}`? the rules are listed in docs/rules.md"),
                None => format!("the rules are {}", code_list(rules)),
            },
            K::UnusedAllow { .. } => {
                "remove it, or name the elements the finding is about".into()
            }
            K::FileNotFound { .. } => "check the path; `archc` reads `.arch` files, or standard input when the file is `-`".into(),
            K::IsADirectory { .. } => "name the `.arch` files inside it".into(),
            K::Unreadable { .. } => "check the file's permissions".into(),
            K::NotUtf8 { .. } => "save the file as UTF-8".into(),
            K::CannotWrite { .. } => "check that the directory exists and that you may write to it, or choose another with `--output`".into(),
            K::BadScale { .. } => {
                "give the pixels per SVG unit, such as `--scale 2` (twice the diagram's size)"
                    .into()
            }
            K::EmptyElementOption { option } => format!(
                "separate the identifiers with single commas, without spaces: `{option} web-01,db`"
            ),
            K::CannotListen { .. } => {
                "choose another port with `--port N`, or leave it out for a free one".into()
            }
            K::PictureFailed { .. } => "choose a smaller `--scale`, or `--format svg` for a diagram of any size".into(),
            K::CannotWatch { .. } => "check that the files' directories exist and can be read; `archc build` builds once without watching".into(),
            K::OutputCollision { .. } => "outputs are named after their input's file name: rename one input, or build them into different directories with `--output`".into(),
            K::UnknownArgument { program, .. } => format!("try `{program} --help`"),
        }
    }

    /// The text of the label at `index` (0: the primary location, 1: the secondary one), as
    /// [`super::Diagnostic::at`] and [`super::Diagnostic::and_at`] attach them. Empty when the
    /// kind says nothing more at that place.
    pub fn label(&self, index: usize) -> String {
        use DiagnosticKind as K;
        let primary = index == 0;
        let text: String = match self {
            K::EmptyFile => String::new(),
            K::Unparsable => "here".into(),
            K::UnexpectedToken { .. } => "not expected here".into(),
            K::ExpectedToken { expected, .. } => {
                format!("expected {}", or_list(expected_words(expected).as_slice()))
            }
            K::UnterminatedString => "this string reaches the end of its line".into(),
            K::UnknownEscape { .. } => "not a valid escape".into(),
            K::ReservedWord { .. } => "reserved word".into(),
            K::UnclosedBrace if primary => "opened here".into(),
            K::UnclosedBrace => "the file ends here".into(),
            K::BadIpv4 { .. } => "each of the four numbers must be 0 to 255".into(),
            K::BadRange { .. } => "a bound is too large".into(),
            K::TooDeep { max } => format!("level {} opens here", max + 1),
            K::TooManyErrors { .. } => "the next error is here".into(),
            K::InputTooLarge { .. } => "the limit is reached here".into(),
            K::FileTooLarge { .. } => String::new(),
            K::TooManyDeclarations { max } => format!("declaration {} is here", max + 1),
            K::TooManyStatements { max } => format!("statement {} is here", max + 1),
            K::UnknownKind { .. } => "not a kind".into(),
            K::Duplicate { .. } if primary => "declared again here".into(),
            K::Duplicate { .. } => "first declared here".into(),
            K::UnknownIdentifier { expected, .. } => {
                format!("expected {expected} declared in this file")
            }
            K::UnknownFlow { .. } => "expected a flow declared in this file".into(),
            K::UnknownElementOption { .. } => String::new(),
            K::UnknownAttribute { .. } => "unknown attribute".into(),
            K::BadValue { expected, .. } => format!("expected {expected}"),
            K::UnknownRecordType { .. } => "unknown record type".into(),
            K::GivenTwice { what } => format!("second `{what}`"),
            K::AttributeOutside { .. } => "not inside `{ }`".into(),
            K::InsideComponent { .. } if primary => "a component cannot hold other elements".into(),
            K::InsideComponent {
                component,
                component_kind,
                ..
            } => format!("`{component}` is {}", with_article(component_kind)),
            K::FlowInContainer { .. } => "a flow is not part of a container".into(),
            K::FlowBody { .. } | K::LinkBody { .. } => "not an attribute".into(),
            K::BadNesting {
                kind,
                outer,
                outer_id,
                ..
            } => format!("this {kind} is inside the {outer} `{outer_id}`"),
            K::HeaderInBody => "not allowed inside a declaration".into(),
            K::ReplicatesOtherKind { own, .. } if primary => {
                format!("not {}", with_article(own))
            }
            K::ReplicatesOtherKind { target, .. } => format!("`{target}` is declared here"),
            K::ReplicatesItself { .. } => "the element's own identifier".into(),
            K::FlowEndpoint { .. } => "a flow".into(),
            K::EmptyCluster { .. } if primary => "empty cluster".into(),
            K::EmptyCluster { .. } => "declared here".into(),
            K::EmptyHost { .. } => "empty host".into(),
            K::ContainerEndpoint { container, .. } => {
                format!("a {container}, not a component, host or cluster")
            }
            K::MixedCluster { other, .. } if primary => with_article(other),
            K::MixedCluster { kind, .. } => with_article(kind),
            K::UnevenHosts { first_host, .. } if primary => {
                format!("differs from `{first_host}`")
            }
            K::UnevenHosts { .. } => "the first host".into(),
            K::NonRequestAttribute { .. } => "only request links (`->`) carry flows".into(),
            K::SetTwice { .. } if primary => "set again here".into(),
            K::SetTwice { .. } => "first set here".into(),
            K::EmptyReason => "empty reason".into(),
            K::MisplacedAlternatives { .. } => "alternatives".into(),
            K::IncompatibleAlternatives { .. } => "alternatives of different kinds".into(),
            K::ZoneOnHostedComponent => "`zone` on a component in a host".into(),
            K::NotAZone { .. } if primary => "expected a zone".into(),
            K::NotAZone { name, .. } => format!("`{name}` is declared here"),
            K::UnknownZone { .. } => "expected a zone declared in this file".into(),
            K::ZonesWithoutInstances { .. } => "no `instances`".into(),
            K::NotAFailureDomain { .. } if primary => "copies spread over it".into(),
            K::NotAFailureDomain { zone } => format!("`{zone}` is declared here"),
            K::TwoTrustZones { .. } => "joined with `zone = `".into(),
            K::AbsentButNeeded { .. } if primary => "a dependency of its own".into(),
            K::AbsentButNeeded { .. } => "may have no copy".into(),
            K::TooManyLinks { .. } => "this statement passes the limit".into(),
            K::BuiltinFlow { .. } => "already declared by archc".into(),
            K::NoClient => "the first element".into(),
            K::UnknownRule { .. } => "not a rule".into(),
            K::UnusedAllow { .. } => "silences nothing".into(),
            K::NotUtf8 { .. } => "invalid byte here".into(),
            K::FileNotFound { .. }
            | K::IsADirectory { .. }
            | K::Unreadable { .. }
            | K::CannotWrite { .. }
            | K::BadScale { .. }
            | K::EmptyElementOption { .. }
            | K::CannotListen { .. }
            | K::PictureFailed { .. }
            | K::CannotWatch { .. }
            | K::OutputCollision { .. }
            | K::UnknownArgument { .. } => String::new(),
        };
        text
    }
}

impl Tag {
    /// The stable code of the variant; see [`DiagnosticKind::code`].
    pub fn code(self) -> &'static str {
        use Tag as T;
        match self {
            T::EmptyFile => "E0100",
            T::Unparsable | T::UnexpectedToken | T::ExpectedToken => "E0101",
            T::UnterminatedString => "E0102",
            T::UnknownEscape => "E0103",
            T::ReservedWord => "E0104",
            T::UnclosedBrace => "E0105",
            T::BadIpv4 => "E0106",
            T::BadRange => "E0107",
            T::TooDeep => "E0108",
            T::TooManyErrors => "E0109",
            T::InputTooLarge | T::FileTooLarge => "E0110",
            T::TooManyDeclarations => "E0111",
            T::TooManyStatements => "E0112",
            T::UnknownKind => "E0201",
            T::Duplicate => "E0202",
            T::UnknownIdentifier | T::UnknownFlow | T::UnknownElementOption => "E0203",
            T::UnknownAttribute => "E0204",
            T::BadValue | T::UnknownRecordType => "E0205",
            T::GivenTwice => "E0206",
            T::AttributeOutside
            | T::InsideComponent
            | T::FlowInContainer
            | T::FlowBody
            | T::BadNesting
            | T::HeaderInBody => "E0207",
            T::ReplicatesOtherKind | T::ReplicatesItself => "E0208",
            T::FlowEndpoint | T::EmptyCluster | T::EmptyHost | T::ContainerEndpoint => "E0209",
            T::MixedCluster | T::UnevenHosts => "E0210",
            T::LinkBody | T::NonRequestAttribute => "E0211",
            T::SetTwice => "E0212",
            T::EmptyReason => "E0213",
            T::MisplacedAlternatives | T::IncompatibleAlternatives => "E0214",
            T::ZoneOnHostedComponent
            | T::NotAZone
            | T::UnknownZone
            | T::ZonesWithoutInstances
            | T::NotAFailureDomain
            | T::TwoTrustZones => "E0215",
            T::AbsentButNeeded => "E0216",
            T::TooManyLinks => "E0217",
            T::BuiltinFlow => "E0218",
            T::NoClient => "W0201",
            T::UnknownRule | T::UnusedAllow => "W0301",
            T::FileNotFound | T::IsADirectory | T::Unreadable => "E0401",
            T::NotUtf8 => "E0402",
            T::CannotWrite => "E0403",
            T::BadScale | T::EmptyElementOption => "E0404",
            T::CannotListen => "E0405",
            T::PictureFailed => "E0406",
            T::CannotWatch => "E0407",
            T::OutputCollision => "E0408",
            T::UnknownArgument => "E0409",
        }
    }

    /// Error or warning: a code that begins with `W` is a warning.
    pub fn level(self) -> super::Level {
        if self.code().starts_with('W') {
            super::Level::Warning
        } else {
            super::Level::Error
        }
    }

    /// One line for the table of codes: what the variant reports.
    pub fn summary(self) -> &'static str {
        use Tag as T;
        match self {
            T::EmptyFile => "the file declares nothing",
            T::Unparsable => "the file as a whole does not parse (a safety net)",
            T::UnexpectedToken => "text after a statement that is complete, or a `}` with nothing open",
            T::ExpectedToken => "a statement that does not parse, with what was expected",
            T::UnterminatedString => "a string that is not closed on its line",
            T::UnknownEscape => "an unknown escape in a string",
            T::ReservedWord => "a reserved word used as an identifier",
            T::UnclosedBrace => "a `{` that is never closed, at the line where it opens",
            T::BadIpv4 => "a dotted address that is not IPv4",
            T::BadRange => "a range whose bounds are not whole numbers archc can hold",
            T::TooDeep => "blocks and lists nested more than 64 levels deep",
            T::TooManyErrors => "more than 100 errors in one file: the rest are counted, not shown",
            T::InputTooLarge => "a source text larger than 16 MiB",
            T::FileTooLarge => "an input file larger than 16 MiB, refused before it is read further",
            T::TooManyDeclarations => "more than 100,000 declarations",
            T::TooManyStatements => "more than 1,000,000 statements",
            T::UnknownKind => "an unknown kind",
            T::Duplicate => "an identifier declared twice",
            T::UnknownIdentifier => "a link, `allow` or `replicates` naming an undeclared identifier",
            T::UnknownFlow => "`flows` naming a flow that is not declared",
            T::UnknownElementOption => "an element named on the command line (`--fail`) that the design does not have",
            T::UnknownAttribute => "an attribute that this kind, link or flow does not accept",
            T::BadValue => "a value that this attribute does not accept",
            T::UnknownRecordType => "a DNS record of a type archc does not know",
            T::GivenTwice => "`title`, `description` or `direction` given twice",
            T::AttributeOutside => "an attribute outside any declaration",
            T::InsideComponent => "an element declared inside a component",
            T::FlowInContainer => "a `flow` declared inside a container",
            T::FlowBody => "a statement other than an attribute in a `flow`'s body",
            T::BadNesting => "a container inside one that cannot hold it",
            T::HeaderInBody => "`title`, `description` or `direction` inside a body",
            T::ReplicatesOtherKind => "`replicates` naming an element of another kind",
            T::ReplicatesItself => "`replicates` naming the element itself",
            T::FlowEndpoint => "a link to or from a flow",
            T::EmptyCluster => "a link to or from a cluster with no members",
            T::EmptyHost => "a link to or from a host that runs no component",
            T::ContainerEndpoint => "a link to or from a zone or a group",
            T::MixedCluster => "a cluster whose members are of different kinds",
            T::UnevenHosts => "a cluster of servers whose hosts do not run the same kinds",
            T::LinkBody => "a declaration or link inside a link's body",
            T::NonRequestAttribute => "`optional` or `flows` on a `~>` link",
            T::SetTwice => "an attribute set twice",
            T::EmptyReason => "an `allow` with an empty reason",
            T::MisplacedAlternatives => "alternatives `|` written where they mean nothing (before `->`, after `~>`)",
            T::IncompatibleAlternatives => "alternatives `|` of kinds that cannot stand in for each other",
            T::ZoneOnHostedComponent => "`zone` on a component inside a host",
            T::NotAZone => "`zone` or `zones` naming an element that is not a zone",
            T::UnknownZone => "`zone` or `zones` naming nothing declared",
            T::ZonesWithoutInstances => "`zones` without `instances`",
            T::NotAFailureDomain => "`zones` naming a zone that is not a failure domain",
            T::TwoTrustZones => "an element in two unrelated trust zones",
            T::AbsentButNeeded => "an element that may be absent (`instances = 0..N`) that a flow needs",
            T::TooManyLinks => "a design that expands to more than 250,000 links (fan-out lists and clusters multiply them)",
            T::BuiltinFlow => "a `flow` named `reads`, `writes` or `background`",
            T::NoClient => "a design with no client: it compiles, but no flow starts",
            T::UnknownRule => "an `allow` naming a rule that does not exist",
            T::UnusedAllow => "an `allow` that matches no finding",
            T::FileNotFound => "an input file that does not exist",
            T::IsADirectory => "an input that is a directory",
            T::Unreadable => "an input file that cannot be read",
            T::NotUtf8 => "an input that is not UTF-8, at the first invalid byte",
            T::CannotWrite => "an output file or directory that cannot be written",
            T::BadScale => "a `--scale` that is not a positive number",
            T::EmptyElementOption => "`--fail` with an empty identifier in its list",
            T::CannotListen => "`archc serve` cannot listen on the port",
            T::PictureFailed => "a PNG or PDF that cannot be made at this scale",
            T::CannotWatch => "`archc watch` cannot watch the inputs",
            T::OutputCollision => "two inputs of `archc build` that would write the same file",
            T::UnknownArgument => "an argument that `mdbook-archc` does not know",
        }
    }

    /// An instance of the variant, as the table of codes shows it.
    pub fn example(self) -> DiagnosticKind {
        use DiagnosticKind as K;
        use Tag as T;
        let s = |t: &str| t.to_string();
        match self {
            T::EmptyFile => K::EmptyFile,
            T::Unparsable => K::Unparsable,
            T::UnexpectedToken => K::UnexpectedToken {
                found: Some(s("}")),
            },
            T::ExpectedToken => K::ExpectedToken {
                expected: vec![Expected::Identifier],
                found: Some(s("->")),
                context: Context::Statement,
            },
            T::UnterminatedString => K::UnterminatedString,
            T::UnknownEscape => K::UnknownEscape { escape: s("\\q") },
            T::ReservedWord => K::ReservedWord {
                word: s("title"),
                reserved: &crate::syntax::RESERVED,
            },
            T::UnclosedBrace => K::UnclosedBrace,
            T::BadIpv4 => K::BadIpv4 {
                text: s("300.1.1.1"),
            },
            T::BadRange => K::BadRange {
                text: s("2..99999999999999999999"),
            },
            T::TooDeep => K::TooDeep { max: 64 },
            T::TooManyErrors => K::TooManyErrors {
                more: 12,
                shown: 100,
            },
            T::InputTooLarge => K::InputTooLarge {
                len: 20_000_000,
                max: 16 * 1024 * 1024,
            },
            T::FileTooLarge => K::FileTooLarge {
                file: s("big.arch"),
                max: 16 * 1024 * 1024,
            },
            T::TooManyDeclarations => K::TooManyDeclarations { max: 100_000 },
            T::TooManyStatements => K::TooManyStatements { max: 1_000_000 },
            T::UnknownKind => K::UnknownKind {
                kind: s("servce"),
                suggestion: Some(s("service")),
                kinds: vec!["client", "service", "database", "…"],
            },
            T::Duplicate => K::Duplicate { name: s("web") },
            T::UnknownIdentifier => K::UnknownIdentifier {
                name: s("dbb"),
                expected: s("an element"),
                suggestion: Some(s("db")),
            },
            T::UnknownFlow => K::UnknownFlow {
                name: s("chekout"),
                suggestion: Some(s("checkout")),
                flows: vec![s("checkout"), s("reads"), s("writes"), s("background")],
            },
            T::UnknownElementOption => K::UnknownElementOption {
                option: s("--fail"),
                name: s("wbe"),
                file: s("shop.arch"),
                suggestion: Some(s("web")),
            },
            T::UnknownAttribute => K::UnknownAttribute {
                key: s("colour"),
                owner: s("a link"),
                suggestion: None,
                accepted: vec!["label", "encrypted", "port", "access", "optional", "flows"],
            },
            T::BadValue => K::BadValue {
                key: s("role"),
                value: s("primry"),
                expected: ValueShape::OneOf(vec!["primary", "replica"]),
                suggestion: Some(s("primary")),
            },
            T::UnknownRecordType => K::UnknownRecordType {
                record_type: s("AA"),
                suggestion: Some(s("A")),
                types: vec!["A", "AAAA", "CNAME", "…"],
            },
            T::GivenTwice => K::GivenTwice { what: "title" },
            T::AttributeOutside => K::AttributeOutside { key: s("port") },
            T::InsideComponent => K::InsideComponent {
                name: s("cache"),
                component: s("api"),
                component_kind: "service",
            },
            T::FlowInContainer => K::FlowInContainer {
                flow: s("checkout"),
                container: s("dmz"),
            },
            T::FlowBody => K::FlowBody {
                keys: &["label", "access", "why"],
            },
            T::BadNesting => K::BadNesting {
                kind: "zone",
                outer: "host",
                outer_id: s("web-01"),
                host_in_host: false,
            },
            T::HeaderInBody => K::HeaderInBody,
            T::ReplicatesOtherKind => K::ReplicatesOtherKind {
                target: s("cache"),
                own: "database",
                target_kind: "cache",
            },
            T::ReplicatesItself => K::ReplicatesItself {
                target: s("db"),
                own: "database",
            },
            T::FlowEndpoint => K::FlowEndpoint {
                name: s("checkout"),
            },
            T::EmptyCluster => K::EmptyCluster { name: s("web") },
            T::EmptyHost => K::EmptyHost { name: s("web-01") },
            T::ContainerEndpoint => K::ContainerEndpoint {
                container: "zone",
                name: s("dmz"),
                components: vec![s("lb")],
            },
            T::MixedCluster => K::MixedCluster {
                cluster: s("web"),
                kind: "web_server",
                other: "database",
            },
            T::UnevenHosts => K::UnevenHosts {
                cluster: s("web"),
                host: s("web-02"),
                first_host: s("web-01"),
                missing: vec!["app_server"],
                extra: Vec::new(),
            },
            T::LinkBody => K::LinkBody {
                keys: &["label", "encrypted", "port", "access", "optional", "flows"],
            },
            T::NonRequestAttribute => K::NonRequestAttribute { key: s("optional") },
            T::SetTwice => K::SetTwice { key: s("port") },
            T::EmptyReason => K::EmptyReason,
            T::MisplacedAlternatives => K::MisplacedAlternatives {
                after_non_request: false,
            },
            T::IncompatibleAlternatives => K::IncompatibleAlternatives {
                first: s("db"),
                other: s("cache"),
                first_kind: "database",
                other_kind: "cache",
            },
            T::ZoneOnHostedComponent => K::ZoneOnHostedComponent,
            T::NotAZone => K::NotAZone {
                name: s("web"),
                kind: "cluster",
                suggestion: None,
                zones: vec![s("az-a"), s("az-b")],
            },
            T::UnknownZone => K::UnknownZone {
                name: s("az-c"),
                suggestion: Some(s("az-a")),
                zones: vec![s("az-a"), s("az-b")],
            },
            T::ZonesWithoutInstances => K::ZonesWithoutInstances { element: s("api") },
            T::NotAFailureDomain => K::NotAFailureDomain { zone: s("dmz") },
            T::TwoTrustZones => K::TwoTrustZones {
                element: s("api"),
                first: s("dmz"),
                second: s("internal"),
            },
            T::AbsentButNeeded => K::AbsentButNeeded {
                element: s("search"),
                needed_by: s("api"),
            },
            T::TooManyLinks => K::TooManyLinks { max: 250_000 },
            T::BuiltinFlow => K::BuiltinFlow { name: s("reads") },
            T::NoClient => K::NoClient,
            T::UnknownRule => K::UnknownRule {
                rule: s("no-monitorin"),
                suggestion: Some(s("no-monitoring")),
                rules: vec!["no-monitoring", "…"],
            },
            T::UnusedAllow => K::UnusedAllow {
                rule: s("no-monitoring"),
                on: vec![s("lb")],
            },
            T::FileNotFound => K::FileNotFound {
                file: s("shop.arch"),
            },
            T::IsADirectory => K::IsADirectory { file: s("designs") },
            T::Unreadable => K::Unreadable {
                file: s("shop.arch"),
                reason: s("Permission denied (os error 13)"),
            },
            T::NotUtf8 => K::NotUtf8 {
                file: s("shop.arch"),
                byte: 0xFF,
                line: 2,
                column: 8,
            },
            T::CannotWrite => K::CannotWrite {
                path: s("out/shop.svg"),
                reason: s("Permission denied (os error 13)"),
            },
            T::BadScale => K::BadScale { scale: 0.0 },
            T::EmptyElementOption => K::EmptyElementOption {
                option: s("--fail"),
            },
            T::CannotListen => K::CannotListen {
                port: 8080,
                reason: s("Address already in use (os error 98)"),
            },
            T::PictureFailed => K::PictureFailed {
                format: "PNG",
                reason: s("a 40000 × 3000 pixel image is too large or empty; choose another scale"),
            },
            T::CannotWatch => K::CannotWatch {
                reason: s("No such file or directory (os error 2)"),
            },
            T::OutputCollision => K::OutputCollision {
                path: s("site/shop.svg"),
                first: s("v1/shop.arch"),
                second: s("v2/shop.arch"),
            },
            T::UnknownArgument => K::UnknownArgument {
                program: "mdbook-archc",
                argument: s("--bogus"),
            },
        }
    }
}

/// Every variant, in declaration order (which is the order of their codes).
pub fn tags() -> impl Iterator<Item = Tag> {
    <Tag as strum::IntoEnumIterator>::iter()
}

/// The table of every diagnostic, as the page `docs/src/reference/diagnostics.md`: for each
/// variant its code, severity, summary and an example message with its hint.
///
/// Deterministic: the order is the enum's.
pub fn codes_markdown() -> String {
    let cell = |text: &str| text.replace('|', "\\|");
    let mut out = String::from(
        "<!-- Generated from `DiagnosticKind` (src/diagnostic/kind.rs); regenerate with\n     \
         `UPDATE_DOCS=1 cargo test --test diagnostics docs_diagnostics_md_is_fresh`. -->\n\n\
         # Diagnostics\n\n\
         Every error and warning archc prints has a stable code, the same on the command line, \
         in `archc check --format json` and SARIF, and in editors. Errors (`E`) stop the \
         command with exit code 2 and write nothing; warnings (`W`) are printed and the \
         command goes on.\n\n\
         - `E01xx`: syntax, and the [limits](language.md#limits) on an input\n\
         - `E02xx`: names, attributes and structure\n\
         - `W0201`: a design that compiles but is probably not what was meant\n\
         - `W03xx`: the review's own warnings (`allow` statements)\n\
         - `E04xx`: files, command-line options and the system\n\n\
         An error about the input is printed as `error[CODE]: FILE:LINE:COLUMN: message`, then \
         the source with the place marked, then a hint. One code may have several messages: \
         each row is one of them, with an example.\n\n\
         | code | severity | what it reports | example message | example hint |\n\
         |---|---|---|---|---|\n",
    );
    for tag in tags() {
        let example = tag.example();
        let severity = match tag.level() {
            super::Level::Error => "error",
            super::Level::Warning => "warning",
        };
        out.push_str(&format!(
            "| `{}` | {severity} | {} | {} | {} |\n",
            tag.code(),
            cell(tag.summary()),
            cell(&example.to_string()),
            cell(&example.hint()),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_is_of_its_own_variant() {
        for tag in tags() {
            assert_eq!(tag.example().tag(), tag);
        }
    }

    #[test]
    fn codes_are_well_formed_and_grouped_in_order() {
        let codes: Vec<&str> = tags().map(Tag::code).collect();
        for c in &codes {
            assert!(
                c.len() == 5 && c[1..].chars().all(|d| d.is_ascii_digit()),
                "{c}"
            );
            assert!(c.starts_with('E') || c.starts_with('W'), "{c}");
        }
        // Variants are declared in the order of their codes: by group (`01`, `02`…), errors
        // before warnings within a group, then by number.
        let keys: Vec<(&str, &str, &str)> =
            codes.iter().map(|c| (&c[1..3], &c[..1], &c[3..])).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
    }

    #[test]
    fn every_variant_has_a_message_and_a_hint() {
        for tag in tags() {
            let k = tag.example();
            assert!(!k.to_string().is_empty(), "{tag:?}");
            assert!(!k.hint().is_empty(), "{tag:?}");
            assert!(
                !k.to_string().ends_with('.'),
                "{tag:?}: a message is not a sentence"
            );
        }
    }

    #[test]
    fn messages_carry_the_offending_names() {
        let k = DiagnosticKind::UnknownAttribute {
            key: "colour".into(),
            owner: "a service".into(),
            suggestion: Some("color".into()),
            accepted: vec!["color", "port"],
        };
        assert_eq!(k.to_string(), "unknown attribute `colour` for a service");
        assert_eq!(
            k.hint(),
            "did you mean `color`? a service accepts `color`, `port`, and free-form keys that begin with `x-`"
        );
        assert_eq!(k.code(), "E0204");
        let k = DiagnosticKind::ExpectedToken {
            expected: vec![Expected::Identifier, Expected::String, Expected::Block],
            found: None,
            context: Context::Statement,
        };
        assert_eq!(
            k.to_string(),
            "expected an identifier, a string or `{`, found the end of the line"
        );
    }

    #[test]
    fn an_escape_shows_its_control_characters() {
        let k = DiagnosticKind::UnknownEscape {
            escape: "\\\u{1b}".into(),
        };
        assert_eq!(
            k.to_string(),
            "unknown escape sequence `\\\\u{1b}` in a string"
        );
    }

    #[test]
    fn the_table_escapes_pipes_in_cells() {
        let table = codes_markdown();
        let row = table
            .lines()
            .find(|l| l.starts_with("| `E0214` | error | alternatives `\\|` written"))
            .expect("the row of misplaced alternatives");
        assert_eq!(row.matches(" | ").count(), 4, "{row}");
    }
}
