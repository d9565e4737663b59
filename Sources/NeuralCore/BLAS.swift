// The only file that imports COpenBLAS: single-precision GEMM and thread control, plus a check of
// which shared object the dynamic linker bound `cblas_sgemm` to (libgslcblas defines it too).
import COpenBLAS

public enum BLAS {
    /// C ← α·op(A)·op(B) + β·C, row-major (cblas_sgemm). A is M×K (K×M if transposed), B is K×N
    /// (N×K if transposed), C is M×N; lda, ldb, ldc are the row strides of the stored matrices.
    @inlinable
    public static func sgemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int, beta: Float,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
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
