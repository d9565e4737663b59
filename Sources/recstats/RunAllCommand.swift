// `recstats run-all`: every selected model × dataset × seed, resumable (checkpoints each epoch, skips
// finished runs), shardable (--shard I/N), parallel (--jobs N worker processes), with --dry-run.
import ArgumentParser
import Experiments
import Foundation
import RunRecords

struct RunAllCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run-all",
        abstract: "Train every selected model on every dataset with every seed, one run record each (resumable, shardable).",
        discussion: """
            A results directory holds one configuration: its options are recorded in .state/configuration.json \
            before anything is trained, and a run-all with other options on it refuses at once.
            Exit status: 0 every run of the plan is done (trained now or before); 1 an error (printed); \
            2 some run failed (running the same command again retries it); 3 no run failed, but some were left \
            to another process that held their lock (run the command again when it ends); 64 bad arguments.
            """)

    /// Exit status when runs were left to another process (documented in the discussion above).
    static let lockedExitCode: Int32 = 3

    @Option(help: "Models: all, baselines, s, families (resnet, seresnet, resnext, res2next), ids or FAMILY+DESIGN ids (resnet18+heavy-ball), comma-separated.")
    var models = "all"
    @Option(help: "Designs to train on every family of --models (`resnet,s,heavy-ball`; `resnet` is the baseline itself, `recstats formula list` the built-ins): FAMILY+DESIGN models, each compared with its family's baseline.")
    var designs: String?
    @Option(help: "Datasets, comma-separated: synthetic10, synthetic100, cifar10, cifar100 (CIFAR: `recstats data fetch` first).")
    var datasets = RunPlan.defaultDatasets.joined(separator: ",")
    @Option(parsing: .unconditional, help: "Seeds, comma-separated (the paper's: 0, 617, 1234).")
    var seeds = RunPlan.defaultSeeds.map(String.init).joined(separator: ",")
    @Option(parsing: .unconditional, help: "Runs trained at once, each in its own process with the cores divided between them (default: one per core for smoke and quick, 1 for standard and paper).")
    var jobs: Int?
    @Option(parsing: .unconditional, help: "Train only shard I of N of the plan (deterministic round robin; e.g. $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT).")
    var shard: String?
    @Flag(name: .customLong("dry-run"), help: "Print the plan, the runs it would skip and an estimated time; train nothing.")
    var dryRun = false

    @OptionGroup var training: TrainingOptionGroup
    @OptionGroup var userDesigns: DesignOptionGroup

    func run() throws {
        let jobs = self.jobs ?? training.preset.defaultJobs(cores: ProcessInfo.processInfo.activeProcessorCount)
        guard jobs >= 1 else { throw ValidationError("--jobs: must be at least 1, got \(jobs)") }
        let threads = try training.threadsPerRun(jobs: jobs)
        let plan: RunPlan
        let part: Shard
        let configurations: [String: TrainingConfiguration]
        let catalog = try userDesigns.catalog()
        do {
            let datasets = try RunPlan.parseDatasets(datasets)
            configurations = try training.configurations(datasets: datasets, threads: threads)
            // One s-form for every dataset (an override applies to all), so FAMILY+DESIGN names resolve once.
            let form = Trainer.zooOptions(configurations[datasets[0]]!).sForm
            plan = RunPlan(
                models: try RunPlan.parseModels(models, designs: designs, catalog: catalog, form: form), datasets: datasets,
                seeds: try RunPlan.parseSeeds(seeds))
            part = try shard.map { try Shard(parsing: $0) } ?? .whole
        } catch let error as ExperimentsError {
            throw ValidationError(error.description)
        }
        let runs = plan.runs(in: part)
        let recordedDesigns = plan.models.map { $0.recordedDesign(configurations[plan.datasets[0]]!) }
        // A worker is told the formulas of the user's designs its model needs (built-ins it knows).
        let designArguments = catalog.userDesigns.flatMap { ["--design", "\($0.name)=\($0.formula)"] }
        let store = RunStore(resultsDirectory: training.resultsDirectory)
        Trainer.useThreads(threads)

        do {
            // Before any training: the directory's configuration is this one, or nothing runs.
            try training.claimResultsDirectory(datasets: plan.datasets, designs: recordedDesigns, write: !dryRun)
            if dryRun {
                try printDryRun(plan: plan, shard: part, runs: runs, configurations: configurations, store: store, jobs: jobs, threads: threads)
                return
            }
            let printer = ProgressPrinter(runs: runs.map(\.name), weights: RunEstimate.weights(runs, configurations: configurations))
            let provenance = ProvenanceProbe.current()
            let summary: RunAllSummary
            if jobs == 1 {
                summary = try RunAll.runInProcess(
                    runs, configurations: configurations, store: store, provenance: provenance,
                    executor: Trainer.executor(cache: DatasetCache(dataDirectory: training.dataDirectory)), emit: printer.handle)
            } else {
                let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
                let directories = ["--results-dir", training.resultsDirectory, "--data-dir", training.dataDirectory]
                summary = try RunAll.runInWorkers(
                    RunEstimate.longestFirst(runs, configurations: configurations), jobs: jobs, configurations: configurations, store: store, provenance: provenance,
                    command: { run in
                        let json = String(decoding: (try? JSONEncoder().encode(configurations[run.dataset]!)) ?? Data(), as: UTF8.self)
                        return (executable, [
                            "run", "--model", run.model.name, "--dataset", run.dataset, "--seed", String(run.seed),
                            "--threads", String(threads), "--progress-json", "--resolved-configuration", json,
                        ] + directories + designArguments)
                    }, emit: printer.handle)
            }
            printer.finish()
            var line = "\(runs.count) runs: \(summary.trained) trained (\(summary.completed) completed, \(summary.diverged) diverged, "
                + "\(summary.failed) failed), \(summary.skipped) skipped; records in \(training.resultsDirectory)"
            if !summary.locked.isEmpty { line += "\nnot done here, locked by another process: " + summary.locked.joined(separator: ", ") }
            print(line)
            if summary.failed > 0 { throw ExitCode(2) }
            if !summary.locked.isEmpty { throw ExitCode(Self.lockedExitCode) }
        } catch let error as ExperimentsError {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
    }

    private func printDryRun(
        plan: RunPlan, shard: Shard, runs: [RunKey], configurations: [String: TrainingConfiguration], store: RunStore, jobs: Int, threads: Int
    ) throws {
        print("plan: \(plan.models.count) models × \(plan.datasets.count) datasets × \(plan.seeds.count) seeds = \(plan.runs.count) runs"
            + (shard == .whole ? "" : "; shard \(shard): \(runs.count) runs") + "; preset \(training.preset.rawValue)")
        let summary = ConfigurationSummary(plan.datasets.map { ($0, configurations[$0]!) })
        print("  training: " + summary.common.map(\.text).joined(separator: ", "))
        for entry in summary.perGroup { print("  \(entry.group): " + entry.items.map(\.text).joined(separator: ", ")) }
        var todo: [(run: RunKey, epochsLeft: Int)] = []
        var lines: [String] = []
        var skipped = 0
        for run in runs {
            let c = configurations[run.dataset]!
            switch try store.state(of: run, configuration: c) {
            case .finished(let status):
                skipped += 1
                lines.append("  \(run.name)  skip (already \(status.rawValue))")
            case .resumable(let done):
                todo.append((run, c.epochs - done))
                lines.append("  \(run.name)  resume after epoch \(done)")
            case .fresh:
                todo.append((run, c.epochs))
                lines.append("  \(run.name)  train")
            }
        }
        print("runs (\(todo.count) to train, \(skipped) skipped), results in \(store.resultsDirectory):")
        lines.forEach { print($0) }
        let start = Date()
        let seconds = try RunEstimate.seconds(todo, configurations: configurations)
        let wall = RunEstimate.makespan(Array(seconds.values), jobs: jobs)
        print("estimated time: \(ProgressTracker.duration(wall)) with \(jobs) job(s) × \(threads) thread(s) "
            + "(calibrated in \(ProgressTracker.duration(Date().timeIntervalSince(start))) on a few steps per model; data generation not included)")
    }
}
