//! The diagram's pictograms, drawn as SVG shapes on a 24 × 24 grid (SVG user units), stroked
//! with round caps and joins; the renderer scales them into place.
//!
//! Each icon is a list of [`Shape`]s: an SVG element name, its geometry attributes, and whether
//! it is filled (with the kind's colour) rather than stroked.

use crate::model::{ComponentKind, ContainerKind};

/// One shape of an icon: `(element name, geometry attributes as (name, value) pairs, filled)`.
pub type Shape = (&'static str, &'static [(&'static str, &'static str)], bool);

/// The icon of a component kind.
pub fn component(kind: ComponentKind) -> &'static [Shape] {
    match kind {
        // A person: head and shoulders.
        ComponentKind::Client => &[
            ("circle", &[("cx", "12"), ("cy", "7.5"), ("r", "3.8")], false),
            (
                "path",
                &[("d", "M4.5 20.5v-.8a6.2 6.2 0 0 1 6.2-6.2h2.6a6.2 6.2 0 0 1 6.2 6.2v.8")],
                false,
            ),
        ],
        // A globe.
        ComponentKind::Dns => &[
            ("circle", &[("cx", "12"), ("cy", "12"), ("r", "9")], false),
            ("ellipse", &[("cx", "12"), ("cy", "12"), ("rx", "3.9"), ("ry", "9")], false),
            ("path", &[("d", "M3 12h18M4.4 7.5h15.2M4.4 16.5h15.2")], false),
        ],
        // A cloud.
        ComponentKind::Cdn => &[(
            "path",
            &[("d", "M7.2 19h10.3a4.3 4.3 0 0 0 .5-8.6 6.3 6.3 0 0 0-12-.3A4.5 4.5 0 0 0 7.2 19z")],
            false,
        )],
        // A shield, half filled.
        ComponentKind::Firewall => &[
            (
                "path",
                &[("d", "M12 2.8l7.6 2.9v5.6c0 4.8-3.2 8.4-7.6 10-4.4-1.6-7.6-5.2-7.6-10V5.7z")],
                false,
            ),
            (
                "path",
                &[("d", "M12 2.8v18.5c-4.4-1.6-7.6-5.2-7.6-10V5.7z")],
                true,
            ),
        ],
        // One stream forked into three.
        ComponentKind::LoadBalancer => &[
            ("circle", &[("cx", "4.6"), ("cy", "12"), ("r", "2.3")], true),
            (
                "path",
                &[("d", "M6.9 12H11M11 5.5v13M11 5.5h8.4M11 12h8.4M11 18.5h8.4")],
                false,
            ),
            (
                "path",
                &[("d", "M17.3 3.6l2.2 1.9-2.2 1.9M17.3 10.1l2.2 1.9-2.2 1.9M17.3 16.6l2.2 1.9-2.2 1.9")],
                false,
            ),
        ],
        // A two-unit server rack.
        ComponentKind::WebServer => &[
            (
                "rect",
                &[("x", "3.5"), ("y", "3.8"), ("width", "17"), ("height", "7.2"), ("rx", "1.8")],
                false,
            ),
            (
                "rect",
                &[("x", "3.5"), ("y", "13"), ("width", "17"), ("height", "7.2"), ("rx", "1.8")],
                false,
            ),
            ("circle", &[("cx", "7.2"), ("cy", "7.4"), ("r", "1.1")], true),
            ("circle", &[("cx", "7.2"), ("cy", "16.6"), ("r", "1.1")], true),
            ("path", &[("d", "M11 7.4h6M11 16.6h6")], false),
        ],
        // A processor: the runtime that executes the code.
        ComponentKind::AppServer => &[
            (
                "rect",
                &[("x", "6.5"), ("y", "6.5"), ("width", "11"), ("height", "11"), ("rx", "1.6")],
                false,
            ),
            (
                "rect",
                &[("x", "9.6"), ("y", "9.6"), ("width", "4.8"), ("height", "4.8"), ("rx", ".6")],
                true,
            ),
            (
                "path",
                &[("d", "M9.5 3.5v3M14.5 3.5v3M9.5 17.5v3M14.5 17.5v3M3.5 9.5h3M3.5 14.5h3M17.5 9.5h3M17.5 14.5h3")],
                false,
            ),
        ],
        // A source file.
        ComponentKind::Codebase => &[
            (
                "path",
                &[("d", "M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z")],
                false,
            ),
            ("path", &[("d", "M14 3v5h5")], false),
            (
                "path",
                &[("d", "M10.2 12.3l-2.3 2.3 2.3 2.3M13.8 12.3l2.3 2.3-2.3 2.3")],
                false,
            ),
        ],
        // A cylinder.
        ComponentKind::Database => &[
            ("ellipse", &[("cx", "12"), ("cy", "5.8"), ("rx", "7.5"), ("ry", "2.8")], false),
            (
                "path",
                &[("d", "M4.5 5.8v12.4c0 1.55 3.36 2.8 7.5 2.8s7.5-1.25 7.5-2.8V5.8")],
                false,
            ),
            (
                "path",
                &[("d", "M4.5 12c0 1.55 3.36 2.8 7.5 2.8s7.5-1.25 7.5-2.8")],
                false,
            ),
        ],
        // Stacked layers.
        ComponentKind::Cache => &[
            ("path", &[("d", "M12 3.5l8.5 4.3L12 12 3.5 7.8z")], false),
            ("path", &[("d", "M3.5 12.1l8.5 4.2 8.5-4.2")], false),
            ("path", &[("d", "M3.5 16.3l8.5 4.2 8.5-4.2")], false),
        ],
        // A pipe of messages in lanes.
        ComponentKind::Queue => &[
            (
                "rect",
                &[("x", "2.5"), ("y", "5.5"), ("width", "19"), ("height", "13"), ("rx", "2")],
                false,
            ),
            (
                "rect",
                &[("x", "5.3"), ("y", "8.3"), ("width", "3"), ("height", "7.4"), ("rx", ".7")],
                true,
            ),
            (
                "rect",
                &[("x", "10.5"), ("y", "8.3"), ("width", "3"), ("height", "7.4"), ("rx", ".7")],
                true,
            ),
            ("path", &[("d", "M15.8 9.2l2.8 2.8-2.8 2.8")], false),
        ],
        // A bucket.
        ComponentKind::Storage => &[
            ("ellipse", &[("cx", "12"), ("cy", "6"), ("rx", "8"), ("ry", "2.6")], false),
            (
                "path",
                &[("d", "M4 6l1.8 12.4c.25 1.5 2.9 2.6 6.2 2.6s5.95-1.1 6.2-2.6L20 6")],
                false,
            ),
        ],
        // A screen with a pulse.
        ComponentKind::Monitoring => &[
            (
                "rect",
                &[("x", "2.5"), ("y", "3.8"), ("width", "19"), ("height", "13"), ("rx", "2")],
                false,
            ),
            ("path", &[("d", "M8 21h8M12 16.8V21")], false),
            (
                "path",
                &[("d", "M5.5 10.6h3l1.6-3.4 3 6.8 1.7-3.4h3.7")],
                false,
            ),
        ],
        // A hexagon.
        ComponentKind::Service => &[
            ("path", &[("d", "M12 2.8l8 4.6v9.2l-8 4.6-8-4.6V7.4z")], false),
            ("circle", &[("cx", "12"), ("cy", "12"), ("r", "2.7")], false),
        ],
    }
}

/// The small glyph in front of a container's name.
pub fn container(kind: ContainerKind) -> &'static [Shape] {
    match kind {
        // A machine.
        ContainerKind::Host => &[
            (
                "rect",
                &[("x", "3"), ("y", "4"), ("width", "18"), ("height", "16"), ("rx", "2.5")],
                false,
            ),
            ("path", &[("d", "M3 10h18")], false),
            ("circle", &[("cx", "6.8"), ("cy", "7"), ("r", "1.3")], true),
        ],
        // Three members.
        ContainerKind::Cluster => &[
            ("circle", &[("cx", "7"), ("cy", "8"), ("r", "4")], false),
            ("circle", &[("cx", "17"), ("cy", "8"), ("r", "4")], false),
            ("circle", &[("cx", "12"), ("cy", "17"), ("r", "4")], false),
        ],
        // A boundary's corners.
        ContainerKind::Zone => &[
            (
                "path",
                &[("d", "M3 8V5a2 2 0 0 1 2-2h3M16 3h3a2 2 0 0 1 2 2v3M21 16v3a2 2 0 0 1-2 2h-3M8 21H5a2 2 0 0 1-2-2v-3")],
                false,
            ),
            ("circle", &[("cx", "12"), ("cy", "12"), ("r", "3.2")], true),
        ],
        // A bracket around things that belong together.
        ContainerKind::Group => &[("path", &[("d", "M8 4H5v16h3M16 4h3v16h-3")], false)],
    }
}

/// A padlock, drawn in front of an encrypted link's label.
pub const LOCK: &[Shape] = &[
    (
        "rect",
        &[
            ("x", "4.5"),
            ("y", "10.5"),
            ("width", "15"),
            ("height", "11"),
            ("rx", "2"),
        ],
        true,
    ),
    (
        "path",
        &[("d", "M7.8 10.5V7.5a4.2 4.2 0 0 1 8.4 0v3")],
        false,
    ),
];

/// An exclamation mark centred on the origin, for finding badges (about 9 units tall).
pub const EXCLAMATION: &str = "M0 -4.6v5.2M0 3.6v.4";
