// The layer tests' name for the shared finite-difference checker (GradientSupport), strict: every input
// element and every parameter must agree.
@_exported import GradientSupport
@testable import NeuralCore

typealias GradientCheck = FiniteDifference

/// Tests share the process: every test sets the same thread count, so the parallel paths run.
func useTwoThreads() {
    Parallel.configure(threads: 2)
}
