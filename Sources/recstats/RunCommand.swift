// `recstats run`: one model on one dataset with one seed; resumes from its checkpoint, skips it if its
// record exists. Also the worker a parallel `run-all` starts per run (hidden --progress-json).
import ArgumentParser
import Experiments
import Foundation
import ModelZoo
import RunRecords

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Train one model on one dataset with one seed, writing its run record (resumes from a checkpoint).",
        discussion: "Exit status as run-all's: 0 done, 1 an error, 2 the run failed, 3 another process holds its lock, 64 bad arguments.")

    @Option(help: "Model id (see `recstats models`), e.g. resnet18s, or FAMILY+DESIGN, e.g. resnet18+heavy-ball.")
    var model: String
    @Option(help: "Dataset: synthetic10, synthetic100, cifar10 or cifar100.")
    var dataset: String
    @Option(parsing: .unconditional, help: "Seed of initialisation, data order and augmentation.")
    var seed: Int

    @OptionGroup var training: TrainingOptionGroup
    @OptionGroup var userDesigns: DesignOptionGroup

    @Flag(name: .customLong("progress-json"), help: .hidden)
    var progressJSON = false
    @Option(name: .customLong("resolved-configuration"), help: .hidden)
    var resolvedConfiguration: String?

    func run() throws {
        let catalog = try userDesigns.catalog()
        guard DatasetDescriptor.named(dataset) != nil else {
            throw ValidationError("--dataset: unknown dataset `\(dataset)`; known: \(DatasetDescriptor.known.map(\.name).joined(separator: ", "))")
        }
        guard seed >= 0, seed <= Int(UInt32.max) else { throw ValidationError("--seed: expected an integer in 0…\(UInt32.max), got \(seed)") }
        let threads = try training.threadsPerRun(jobs: 1)
        let configuration: TrainingConfiguration
        let zooModel: ZooModel
        if let resolvedConfiguration {
            // What run-all hands its workers: decoded (an unknown schedule, s-form or difficulty is refused,
            // naming the field) and validated as any configuration is.
            let c: TrainingConfiguration
            do {
                c = try JSONDecoder().decode(TrainingConfiguration.self, from: Data(resolvedConfiguration.utf8))
            } catch let DecodingError.dataCorrupted(context) {
                throw ValidationError("--resolved-configuration: `\(context.codingPath.map(\.stringValue).joined(separator: "."))`: \(context.debugDescription)")
            } catch {
                throw ValidationError("--resolved-configuration: not a training configuration (\(error))")
            }
            do {
                try ConfigurationOverrides.validate(c)
            } catch let error as ExperimentsError {
                throw ValidationError("--resolved-configuration: \(error.description)")
            }
            configuration = c
            zooModel = try resolveModel(catalog, configuration)
        } else {
            configuration = try training.configurations(datasets: [dataset], threads: threads)[dataset]!
            zooModel = try resolveModel(catalog, configuration)
            // A run of its own checks the directory's configuration as run-all does (a worker's parent did).
            do {
                try training.claimResultsDirectory(datasets: [dataset], designs: [zooModel.recordedDesign(configuration)], write: true)
            } catch let error as ExperimentsError {
                FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
                throw ExitCode(1)
            }
        }
        Trainer.useThreads(configuration.threads ?? threads)

        let run = RunKey(model: zooModel, dataset: dataset, seed: seed)
        let printer = ProgressPrinter(runs: [run.name], weights: [:], json: progressJSON)
        // A worker stops when its run-all parent is gone (even after SIGKILL): its last checkpoint stays.
        let parent = getppid()
        let status: RunStatus?
        var locked = false
        do {
            status = try RunAll.perform(
                run, configuration: configuration, store: RunStore(resultsDirectory: training.resultsDirectory),
                provenance: ProvenanceProbe.current(), executor: Trainer.executor(cache: DatasetCache(dataDirectory: training.dataDirectory))
            ) { event in
                if progressJSON && getppid() != parent { Foundation.exit(1) }
                if case .runSkipped(_, let reason) = event, reason.hasPrefix("locked") { locked = true }
                printer.handle(event)
            }
        } catch let error as ExperimentsError {
            printer.finish()
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
        printer.finish()
        if status == .failed { throw ExitCode(2) }
        // As run-all: 3 when the run was left to another process that holds its lock.
        if locked && !progressJSON { throw ExitCode(RunAllCommand.lockedExitCode) }
    }

    /// --model as a published id or FAMILY+DESIGN, named as run-all names it (under the run's s-form).
    private func resolveModel(_ catalog: DesignCatalog, _ c: TrainingConfiguration) throws -> ZooModel {
        do {
            return try catalog.model(model.lowercased(), form: Trainer.zooOptions(c).sForm)
        } catch let error as ZooError {
            if case .unknownModel = error {
                throw ValidationError("--model: unknown model `\(model)`. HINT: `recstats models` lists the ids")
            }
            throw ValidationError("--model: \(error.description)")
        }
    }
}
