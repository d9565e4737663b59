// A trainable model: one of the 24 published ids, or a family with a design (`resnet18+heavy-ball`).
// Naming rule (one model, one name): a FAMILY+DESIGN that computes exactly a published model is that
// model (`resnet18+resnet` is `resnet18`; `resnet18+s-published` is `resnet18s` under `--s-form published`,
// `resnet18+s` is `resnet18s` under `--s-form formula`), so records never hold one network under two ids.
import Formulas

public struct ZooModel: Sendable, Hashable, CustomStringConvertible {
    /// The published id, or the family's baseline for a FAMILY+DESIGN model.
    public let id: ModelID
    /// Nil for a published id (its design follows the s-form); the design of a FAMILY+DESIGN model.
    public let design: ZooDesign?

    /// A published model.
    public init(_ id: ModelID) { self.init(id: id, design: nil) }

    private init(id: ModelID, design: ZooDesign?) {
        self.id = id
        self.design = design
    }

    /// `family` (any id of the pair; its baseline is used) with `design`, named by the rule above.
    public init(family: ModelID, design: ZooDesign, form: SForm) {
        let baseline = family.baseline ?? family
        if design == ZooDesign.named(.resnet) {
            self.init(baseline)
        } else if let s = baseline.sVariant, design == ZooDesign.published(s, form: form) {
            self.init(s)
        } else {
            self.init(id: baseline, design: design)
        }
    }

    /// `resnet18s` or `resnet18+heavy-ball`: the model id in records and file names.
    public var name: String { design.map { "\(id.rawValue)+\($0.name)" } ?? id.rawValue }
    public var description: String { name }

    /// The paper's name, or the family's with the design (`ResNet18+heavy-ball`).
    public var displayName: String { design.map { "\(id.displayName)+\($0.name)" } ?? id.displayName }

    public var family: ModelFamily { id.family }

    /// The model its results are compared against: the family's baseline (nil for a baseline).
    public var baseline: ModelID? { design == nil ? id.baseline : id }

    /// Whether this is a published "s" model.
    public var isSVariant: Bool { design == nil && id.isSVariant }

    /// The design the network computes under `form`.
    public func effectiveDesign(form: SForm) -> ZooDesign { design ?? .published(id, form: form) }

    public func plan(options: ZooOptions) throws -> NetworkPlan { try NetworkPlan(id, options: options, design: design) }
}
