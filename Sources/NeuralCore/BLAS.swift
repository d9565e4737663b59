// The only file that imports COpenBLAS: single-precision GEMM and thread control, plus a check of
// which shared object the dynamic linker bound `cblas_sgemm` to (libgslcblas defines it too).
import COpenBLAS
#if canImport(Glibc)
import Glibc
#endif

public enum BLAS {
    /// C ← α·op(A)·op(B) + β·C, row-major (cblas_sgemm). A is M×K (K×M if transposed), B is K×N
    /// (N×K if transposed), C is M×N; lda, ldb, ldc are the row strides of the stored matrices.
    @inlinable
    public static func sgemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int, beta: Float,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        _ = kernels
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }

    /// Sets OpenBLAS's thread count (openblas_set_num_threads).
    public static func setThreads(_ count: Int) {
        precondition(count >= 1, "BLAS.setThreads expected at least 1 thread, got \(count)")
        openblas_set_num_threads(Int32(count))
    }

    /// OpenBLAS's current thread count (openblas_get_num_threads).
    public static var threads: Int { Int(openblas_get_num_threads()) }

    /// The kernel family OpenBLAS selected at load time (openblas_get_corename), e.g. "SkylakeX".
    public static var coreName: String { String(cString: openblas_get_corename()) }

    /// Re-selects OpenBLAS's kernels as `name` (setenv OPENBLAS_CORETYPE, gotoblas_dynamic_quit,
    /// gotoblas_dynamic_init). Call before any BLAS work, from one thread. Returns the core now in use.
    @discardableResult
    public static func selectCore(_ name: String) -> String {
        setenv("OPENBLAS_CORETYPE", name, 1)
        gotoblas_dynamic_quit()
        gotoblas_dynamic_init()
        return coreName
    }

    /// OpenBLAS 0.3.21 does not know recent Xeons (e.g. family 6 model 207) and falls back to its
    /// generic "Prescott" (SSE3) kernels, 3–4× slower than its AVX-512 ones. When that happened and the
    /// CPU has AVX-512 (or AVX2), select SkylakeX (or Haswell). Does nothing if OPENBLAS_CORETYPE is set.
    /// Returns the core in use. The choice is made once per process, before the first `sgemm` on any
    /// thread (re-selecting kernels while another thread is inside a GEMM crashes OpenBLAS).
    @discardableResult
    public static func useFastestKernels() -> String { kernels }

    /// The kernels `useFastestKernels` chose: a lazily initialised global, so the first use runs the
    /// choice exactly once and every other thread waits for it. It also sets OpenBLAS to one thread:
    /// the core calls GEMMs from its own threads (`Parallel`), and OpenBLAS's pool must not be resized
    /// under a running GEMM either.
    @usableFromInline static let kernels: String = {
        let core = chooseFastestKernels()
        openblas_set_num_threads(1)
        return core
    }()

    private static func chooseFastestKernels() -> String {
        guard getenv("OPENBLAS_CORETYPE") == nil, coreName.lowercased() == "prescott" else { return coreName }
        let flags = cpuFlags()
        if flags.contains("avx512f") && flags.contains("avx512bw") { return selectCore("SkylakeX") }
        if flags.contains("avx2") && flags.contains("fma") { return selectCore("Haswell") }
        return coreName
    }

    /// The CPU feature flags of /proc/cpuinfo's first "flags" line (empty set elsewhere).
    static func cpuFlags() -> Set<Substring> {
        guard let f = fopen("/proc/cpuinfo", "r") else { return [] }
        defer { fclose(f) }
        var line: UnsafeMutablePointer<CChar>? = nil
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, f) > 0 {
            let text = String(cString: line!)
            if text.hasPrefix("flags") { return Set(text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })) }
        }
        return []
    }

    /// OpenBLAS's build configuration string (openblas_get_config).
    public static var configuration: String { String(cString: openblas_get_config()) }

    /// The path of the shared object that defines the `cblas_sgemm` this process calls (dlsym + dladdr(3)),
    /// or nil if the symbol cannot be found. It must be OpenBLAS's, not GSL's reference libgslcblas.
    public static func sgemmLibraryPath() -> String? {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "cblas_sgemm") else { return nil }
        var info = recstats_dl_info()
        guard recstats_dladdr(symbol, &info) != 0, let name = info.dli_fname else { return nil }
        return String(cString: name)
    }
}
