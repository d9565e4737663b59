// What a run record says about its model: id, names, the baseline it is compared against, and the design
// (name and full formula) its blocks follow under the run's s-form. One place, for the trainer's records
// and the failed-run records alike.
import Formulas
import ModelZoo
import RunRecords

extension ZooModel {
    /// The design the network of a run with configuration `c` computes, as the record keeps it.
    public func recordedDesign(_ c: TrainingConfiguration) -> RecordedDesign {
        let d = effectiveDesign(form: Trainer.zooOptions(c).sForm)
        return RecordedDesign(name: d.name, formula: d.formula.description)
    }

    /// A record of this model with the model fields filled in; the caller adds the outcome.
    func record(
        _ run: RunKey, configuration: TrainingConfiguration, metrics: FinalMetrics?, history: [EpochRecord]? = nil,
        parameters: Int? = nil, macsPerImage: Int? = nil, wallTimeSeconds: Double, status: RunStatus,
        divergedAtEpoch: Int? = nil, failureReason: String? = nil, provenance: Provenance
    ) -> RunRecord {
        RunRecord(
            model: name, displayName: displayName, family: family.rawValue, isSVariant: isSVariant,
            baseline: baseline?.rawValue, design: recordedDesign(configuration), dataset: run.dataset, seed: run.seed,
            configuration: configuration, metrics: metrics, history: history, parameters: parameters, macsPerImage: macsPerImage,
            wallTimeSeconds: wallTimeSeconds, status: status, divergedAtEpoch: divergedAtEpoch, failureReason: failureReason,
            provenance: provenance)
    }
}

extension ZooModel {
    /// The model a record or checkpoint names: a published id, or FAMILY+DESIGN rebuilt from the stored
    /// formula (so a user's design needs no --design to be evaluated or exported). `path` names the file.
    public static func stored(model: String, design: RecordedDesign?, configuration c: TrainingConfiguration, path: String) throws -> ZooModel {
        if let id = ModelID(rawValue: model) { return ZooModel(id) }
        guard let plus = model.firstIndex(of: "+"), let family = ModelID(rawValue: String(model[..<plus])) else {
            throw ZooError.unknownModel(model)
        }
        let name = String(model[model.index(after: plus)...])
        guard let design, design.name == name else {
            throw ZooError.invalidDesign(
                design: name, origin: path, reason: "model `\(model)` needs the design's formula in the file's `design` field, which holds "
                    + (design.map { "design `\($0.name)`" } ?? "nothing"))
        }
        let formula: BlockFormula
        do {
            formula = try BlockFormula.parse(design.formula)
        } catch let error as FormulaError {
            throw ZooError.invalidDesign(design: name, origin: path, reason: "design.formula `\(design.formula)` does not parse: \(error.message)")
        }
        return ZooModel(family: family, design: ZooDesign(name: name, formula: formula), form: Trainer.zooOptions(c).sForm)
    }
}
