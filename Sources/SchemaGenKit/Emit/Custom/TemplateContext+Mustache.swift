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
    guard let child = Mirror(reflecting: value).children.first(where: { $0.label == name }) else { return nil }
    let mirror = Mirror(reflecting: child.value)
    guard mirror.displayStyle == .optional else { return child.value }
    return mirror.children.first?.value ?? AbsentTemplateValue()
}

/// The value of an absent optional field: renders as nothing, and as false in a section.
struct AbsentTemplateValue: MustacheCustomRenderable {
    var renderText: String { "" }
    var isNull: Bool { true }
}
