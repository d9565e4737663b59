// OpenBLAS's CBLAS interface. The include path comes from pkg-config (openblas.pc), which points at
// the OpenBLAS copy of cblas.h, not at GSL's gsl_cblas.h.
#ifndef RECSTATS_COPENBLAS_SHIM_H
#define RECSTATS_COPENBLAS_SHIM_H
#include <cblas.h>
#include <dlfcn.h>

// dladdr(3) and Dl_info are declared by glibc only under _GNU_SOURCE, which a Clang module cannot
// turn on for glibc's headers. Declare the same function and struct layout under private names; the
// asm label binds the call to glibc's `dladdr`. BLAS.swift uses it to ask which shared object
// defines the cblas_sgemm this process calls.
typedef struct {
    const char *dli_fname;
    void *dli_fbase;
    const char *dli_sname;
    void *dli_saddr;
} recstats_dl_info;
extern int recstats_dladdr(const void *address, recstats_dl_info *info) __asm__("dladdr");

// OpenBLAS's DYNAMIC_ARCH kernel selection (driver/others/dynamic.c, exported by the shared library):
// quit forgets the selected kernel table, init selects again, honouring OPENBLAS_CORETYPE. Used to
// pick the AVX-512 kernels on CPUs this OpenBLAS version does not recognise (it falls back to SSE3).
extern void gotoblas_dynamic_init(void);
extern void gotoblas_dynamic_quit(void);
#endif
