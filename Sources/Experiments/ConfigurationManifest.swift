// One results directory, one experiment: `.state/configuration.json` names the options (a preset and
// its overrides) the directory trains with. `run-all` and `run` check it under a directory lock before
// anything is trained, and write it atomically when the directory is new, so a second command with other
// options refuses at once instead of training runs that `stats` would pool with the first ones.
import Foundation
import RunRecords

extension ConfigurationOverrides {
    /// The command-line options that give these overrides (`--epochs 3 --lr 0.07`), in the help's order.
    public var arguments: [String] {
        var a: [String] = []
        func add(_ option: String, _ value: CustomStringConvertible?) {
            if let value { a += [option, value.description] }
        }
        add("--width", widthMultiplier)
        add("--epochs", epochs)
        add("--batch-size", batchSize)
        add("--lr", learningRate)
        add("--momentum", momentum)
        add("--weight-decay", weightDecay)
        if let nesterov { a.append(nesterov ? "--nesterov" : "--no-nesterov") }
        add("--schedule", schedule)
        add("--milestones", milestones.map { $0.map(String.init).joined(separator: ",") })
        add("--gamma", gamma)
        add("--warmup-epochs", warmupEpochs)
        if let augmentation { a.append(augmentation ? "--augmentation" : "--no-augmentation") }
        add("--crop-padding", cropPadding)
        add("--train-size", trainSize)
        add("--test-size", testSize)
        add("--image-size", imageSize)
        add("--synthetic-difficulty", syntheticDifficulty)
        add("--s-form", sForm)
        add("--residual-gamma", residualGamma)
        return a
    }
}

/// What a results directory trains with: a preset and the overrides given on the command line.
public struct RunOptions: Codable, Sendable, Equatable {
    public var preset: TrainingPreset
    public var overrides: ConfigurationOverrides

    public init(preset: TrainingPreset, overrides: ConfigurationOverrides) {
        self.preset = preset
        self.overrides = overrides
    }

    /// The configuration these options train `dataset` with (no thread count: it is not part of the experiment).
    public func configuration(for dataset: DatasetDescriptor) throws -> TrainingConfiguration {
        try overrides.apply(to: preset.configuration(for: dataset), threads: nil)
    }

    /// `--preset quick --epochs 3`.
    public var commandLine: String { (["--preset", preset.rawValue] + overrides.arguments).joined(separator: " ") }
}

/// The file: the options, and for readers the configuration of every dataset trained so far.
public struct ConfigurationManifest: Codable, Sendable, Equatable {
    public static let currentSchemaVersion = 1
    public var schemaVersion: Int
    public var options: RunOptions
    public var configurations: [String: TrainingConfiguration]
    /// Every design trained here, name → formula (RecordedDesign's text); absent in manifests written
    /// before designs were recorded. A name keeps its formula for the directory's life.
    public var designs: [String: String]?

    public init(options: RunOptions, configurations: [String: TrainingConfiguration], designs: [String: String]? = nil) {
        self.schemaVersion = Self.currentSchemaVersion
        self.options = options
        self.configurations = configurations
        self.designs = designs
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return encoder
    }

    static func decode(_ data: Data, path: String) throws -> ConfigurationManifest {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let manifest: ConfigurationManifest
        do {
            manifest = try decoder.decode(ConfigurationManifest.self, from: data)
        } catch {
            throw ExperimentsError.manifestUnreadable(path: path, reason: "\(error)")
        }
        guard manifest.schemaVersion == currentSchemaVersion else {
            throw ExperimentsError.manifestUnreadable(
                path: path, reason: "schema_version \(manifest.schemaVersion), this recstats reads \(currentSchemaVersion)")
        }
        return manifest
    }
}

extension RunStore {
    public var manifestPath: String { (stateDirectory as NSString).appendingPathComponent("configuration.json") }
    var manifestLockPath: String { (stateDirectory as NSString).appendingPathComponent("configuration.lock") }

    /// How long `claim` waits for another process that is checking the same directory (milliseconds of work).
    static let manifestLockTimeout: TimeInterval = 60

    /// Checks that this directory trains `datasets` with `options`, before anything is trained. With
    /// `write` (a real run) the check happens under the directory lock, creating the directory and
    /// recording the options (and any new dataset's configuration) atomically; without it (a dry run) the
    /// directory is only read. A directory without a manifest (made before manifests existed) is checked
    /// against its records instead. `designs` (what the planned models' blocks follow) must give every
    /// name the formula the directory already holds for it, and are added to the manifest. Throws
    /// `configurationConflict`, `designConflict` or `recordMismatch` naming both values.
    public func claim(_ options: RunOptions, datasets: [DatasetDescriptor], designs: [RecordedDesign] = [], write: Bool) throws {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: resultsDirectory, isDirectory: &isDirectory)
        if exists && !isDirectory.boolValue { throw ExperimentsError.notADirectory(path: resultsDirectory, option: "--results-dir") }
        if !exists && !write { return }
        var ours: [String: TrainingConfiguration] = [:]
        for dataset in datasets { ours[dataset.name] = try options.configuration(for: dataset) }

        var lock: RunLock?
        if write {
            do {
                try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
            } catch {
                throw ExperimentsError.fileSystem(path: stateDirectory, operation: "create the directory", reason: (error as NSError).localizedDescription)
            }
            lock = try RunLock.acquire(path: manifestLockPath, timeout: Self.manifestLockTimeout)
        }
        defer { lock?.release() }

        var manifest: ConfigurationManifest
        if FileManager.default.fileExists(atPath: manifestPath) {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: manifestPath))
            } catch {
                throw ExperimentsError.manifestUnreadable(path: manifestPath, reason: (error as NSError).localizedDescription)
            }
            manifest = try ConfigurationManifest.decode(data, path: manifestPath)
            for dataset in datasets {
                let asked = ours[dataset.name]!
                let theirs: TrainingConfiguration
                do {
                    theirs = try manifest.options.configuration(for: dataset)
                } catch {
                    throw ExperimentsError.configurationConflict(
                        path: manifestPath, dataset: dataset.name, differences: [], directoryOptions: manifest.options.commandLine,
                        askedOptions: options.commandLine)
                }
                let differences = theirs.differences(from: asked)
                if !differences.isEmpty {
                    throw ExperimentsError.configurationConflict(
                        path: manifestPath, dataset: dataset.name, differences: differences,
                        directoryOptions: manifest.options.commandLine, askedOptions: options.commandLine)
                }
            }
            let newDatasets = ours.keys.filter { manifest.configurations[$0] == nil }
            let newDesigns = try Self.check(designs, against: manifest.designs ?? [:], source: manifestPath)
            if newDatasets.isEmpty && newDesigns.isEmpty { return }
            for name in newDatasets { manifest.configurations[name] = ours[name] }
            if !newDesigns.isEmpty {
                var held = manifest.designs ?? [:]
                for d in newDesigns { held[d.name] = d.formula }
                manifest.designs = held
            }
        } else {
            let trained = try checkExistingRecords(against: options)
            _ = try Self.check(designs, against: trained.formulas, source: nil, sources: trained.sources)
            var all = trained.formulas
            for d in designs { all[d.name] = d.formula }
            manifest = ConfigurationManifest(options: options, configurations: ours, designs: all.isEmpty ? nil : all)
        }
        guard write else { return }
        do {
            try AtomicFile.write(ConfigurationManifest.encoder().encode(manifest), to: manifestPath)
        } catch let error as RecordsError {
            throw ExperimentsError.writeFailed(path: manifestPath, reason: error.description)
        }
    }

    /// The designs of `asked` the directory does not hold yet; throws when one holds another formula
    /// (`source` or the record `sources[name]` says where the old one is written).
    static func check(
        _ asked: [RecordedDesign], against held: [String: String], source: String?, sources: [String: String] = [:]
    ) throws -> [RecordedDesign] {
        var new: [RecordedDesign] = []
        for d in asked {
            if let theirs = held[d.name] {
                if theirs != d.formula {
                    throw ExperimentsError.designConflict(
                        path: source ?? sources[d.name] ?? "", design: d.name, directoryFormula: theirs, askedFormula: d.formula)
                }
            } else if !new.contains(d) {
                new.append(d)
            }
        }
        return new
    }

    /// A directory with records but no manifest: every record must have the configuration `options` give
    /// its dataset, and records must agree on each design's formula. Returns the designs the records
    /// hold (name → formula, and name → the first record's path).
    @discardableResult
    func checkExistingRecords(against options: RunOptions) throws -> (formulas: [String: String], sources: [String: String]) {
        var formulas: [String: String] = [:], sources: [String: String] = [:]
        let names = (try? FileManager.default.contentsOfDirectory(atPath: resultsDirectory)) ?? []
        for name in names.sorted() where name.hasSuffix(".json") && !name.hasPrefix(".") {
            let path = (resultsDirectory as NSString).appendingPathComponent(name)
            let record: RunRecord
            do {
                record = try RunRecord.decode(Data(contentsOf: URL(fileURLWithPath: path)), path: path)
            } catch let error as RecordsError {
                throw ExperimentsError.recordMismatch(path: path, difference: "it cannot be read: \(error.description)")
            } catch {
                throw ExperimentsError.recordMismatch(path: path, difference: "it cannot be read: \((error as NSError).localizedDescription)")
            }
            if let design = record.design {
                if let theirs = formulas[design.name], theirs != design.formula {
                    throw ExperimentsError.designConflict(
                        path: path, design: design.name, directoryFormula: theirs, askedFormula: design.formula)
                }
                if formulas[design.name] == nil { formulas[design.name] = design.formula; sources[design.name] = path }
            }
            guard let dataset = DatasetDescriptor.named(record.dataset), let asked = try? options.configuration(for: dataset) else { continue }
            if let d = record.configuration.differences(from: asked).first {
                throw ExperimentsError.recordMismatch(path: path, difference: "\(d.field): \(d.first) there, \(d.second) now")
            }
        }
        return (formulas, sources)
    }
}
