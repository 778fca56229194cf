import Foundation
import Mustache

// An absent optional must end the name lookup where it is: plain Mustache climbs to the enclosing object, so a column
// without a comment would render its table's comment under `{{#comment}}`.

extension TemplateContext: MustacheParent {
    /// A stored property by name, for the renderer.
    public func child(named name: String) -> Any? { templateChild(of: self, named: name) }
}
extension TemplateContext.Header: MustacheParent {
    /// A stored property by name, for the renderer.
    public func child(named name: String) -> Any? { templateChild(of: self, named: name) }
}
extension TemplateContext.Output: MustacheParent {
    /// A stored property by name, for the renderer.
    public func child(named name: String) -> Any? { templateChild(of: self, named: name) }
}
extension TemplateContext.Names: MustacheParent {
    /// A stored property by name, for the renderer.
    public func child(named name: String) -> Any? { templateChild(of: self, named: name) }
}
extension TemplateContext.Text: MustacheParent {
    /// A stored property by name, for the renderer.
    public func child(named name: String) -> Any? { templateChild(of: self, named: name) }
}
extension TemplateContext.Enum: MustacheParent {
    /// A stored property by name, for the renderer.
    public func child(named name: String) -> Any? { templateChild(of: self, named: name) }
}
extension TemplateContext.EnumValue: MustacheParent {
    /// A stored property by name, for the renderer.
    public func child(named name: String) -> Any? { templateChild(of: self, named: name) }
}
extension TemplateContext.Shape: MustacheParent {
    /// A stored property by name, for the renderer.
    public func child(named name: String) -> Any? { templateChild(of: self, named: name) }
}
extension TemplateContext.ShapeField: MustacheParent {
    /// A stored property by name, for the renderer.
    public func child(named name: String) -> Any? { templateChild(of: self, named: name) }
}
extension TemplateContext.JSONType: MustacheParent {
    /// A stored property by name, for the renderer.
    public func child(named name: String) -> Any? { templateChild(of: self, named: name) }
}
extension TemplateContext.Table: MustacheParent {
    /// A stored property by name, for the renderer.
    public func child(named name: String) -> Any? { templateChild(of: self, named: name) }
}
extension TemplateContext.Column: MustacheParent {
    /// A stored property by name, for the renderer.
    public func child(named name: String) -> Any? { templateChild(of: self, named: name) }
}
extension TemplateContext.ColumnType: MustacheParent {
    /// A stored property by name, for the renderer.
    public func child(named name: String) -> Any? { templateChild(of: self, named: name) }
}
extension TemplateContext.EnumReference: MustacheParent {
    /// A stored property by name, for the renderer.
    public func child(named name: String) -> Any? { templateChild(of: self, named: name) }
}
extension TemplateContext.Default: MustacheParent {
    /// A stored property by name, for the renderer.
    public func child(named name: String) -> Any? { templateChild(of: self, named: name) }
}
extension TemplateContext.Reference: MustacheParent {
    /// A stored property by name, for the renderer.
    public func child(named name: String) -> Any? { templateChild(of: self, named: name) }
}
extension TemplateContext.Unique: MustacheParent {
    /// A stored property by name, for the renderer.
    public func child(named name: String) -> Any? { templateChild(of: self, named: name) }
}
extension TemplateContext.ForeignKey: MustacheParent {
    /// A stored property by name, for the renderer.
    public func child(named name: String) -> Any? { templateChild(of: self, named: name) }
}
extension TemplateContext.Relation: MustacheParent {
    /// A stored property by name, for the renderer.
    public func child(named name: String) -> Any? { templateChild(of: self, named: name) }
}

/// The stored property of that name; an absent optional is an empty, false value instead of a lookup miss.
private func templateChild(of value: Any, named name: String) -> Any? {
    let mirror = Mirror(reflecting: value)
    TemplateLookup.recorder?.record(name, in: value, mirror: mirror)
    guard let child = mirror.children.first(where: { $0.label == name }) else { return nil }
    let childMirror = Mirror(reflecting: child.value)
    guard childMirror.displayStyle == .optional else { return child.value }
    return childMirror.children.first?.value ?? AbsentTemplateValue()
}

/// The value of an absent optional field: renders as nothing, and as false in a section.
struct AbsentTemplateValue: MustacheCustomRenderable {
    var renderText: String { "" }
    var isNull: Bool { true }
}

/// Catches field names a template asks for that no context type has: Mustache renders them as nothing.
///
/// A name that no object met during the render has as a field can never resolve, since every lookup goes through
/// the objects on the stack; so reporting exactly those has no false alarms.
package enum TemplateLookup {
    /// The recorder of the render in progress, if any.
    @TaskLocal package static var recorder: Recorder?

    /// The names asked for and the fields of the objects asked, during one render.
    package final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var requested: [String] = []
        private var requestedSet: Set<String> = []
        private var fields: Set<String> = []
        private var typesSeen: Set<ObjectIdentifier> = []

        package init() {}

        func record(_ name: String, in value: Any, mirror: Mirror) {
            lock.lock()
            defer { lock.unlock() }
            if requestedSet.insert(name).inserted { requested.append(name) }
            if typesSeen.insert(ObjectIdentifier(type(of: value))).inserted {
                fields.formUnion(mirror.children.compactMap(\.label))
            }
        }

        /// Names asked for that are no field of anything met, in the order first asked.
        package var unknownNames: [String] {
            lock.lock()
            defer { lock.unlock() }
            return requested.filter { !fields.contains($0) }
        }

        /// Every field name met, for suggestions.
        package var knownNames: [String] {
            lock.lock()
            defer { lock.unlock() }
            return fields.sorted()
        }
    }
}
