/* libcublas.so.12 for a machine that has only cuBLAS 13: the eight cuBLAS 12 entry points FAISS
   1.15.1's GPU build calls, each forwarded to the same-signature function of libcublas.so.13. */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
typedef int st; typedef void *H;
static void *lib(void) {
  static void *h;
  if (!h) {
    h = dlopen("libcublas.so.13", RTLD_NOW | RTLD_GLOBAL);
    if (!h) { fprintf(stderr, "cublas12 shim: %s\n", dlerror()); abort(); }
  }
  return h;
}
static void *sym(const char *name) {
  void *f = dlsym(lib(), name);
  if (!f) { fprintf(stderr, "cublas12 shim: no %s in libcublas.so.13\n", name); abort(); }
  return f;
}
#define FWD(ret, name, params, args) \
  ret name params { static ret (*f) params; if (!f) f = (ret (*) params) sym(#name); return f args; }
FWD(st, cublasCreate_v2, (H *h), (h))
FWD(st, cublasDestroy_v2, (H h), (h))
FWD(st, cublasSetStream_v2, (H h, void *s), (h, s))
FWD(st, cublasSetMathMode, (H h, int m), (h, m))
FWD(st, cublasGetMathMode, (H h, int *m), (h, m))
FWD(st, cublasSgemmEx, (H h, int ta, int tb, int m, int n, int k, const float *al, const void *A, int At, int lda,
    const void *B, int Bt, int ldb, const float *be, void *C, int Ct, int ldc),
    (h, ta, tb, m, n, k, al, A, At, lda, B, Bt, ldb, be, C, Ct, ldc))
FWD(st, cublasGemmEx, (H h, int ta, int tb, int m, int n, int k, const void *al, const void *A, int At, int lda,
    const void *B, int Bt, int ldb, const void *be, void *C, int Ct, int ldc, int ct, int algo),
    (h, ta, tb, m, n, k, al, A, At, lda, B, Bt, ldb, be, C, Ct, ldc, ct, algo))
FWD(st, cublasGemmStridedBatchedEx, (H h, int ta, int tb, int m, int n, int k, const void *al, const void *A, int At,
    int lda, long long sA, const void *B, int Bt, int ldb, long long sB, const void *be, void *C, int Ct, int ldc,
    long long sC, int count, int ct, int algo),
    (h, ta, tb, m, n, k, al, A, At, lda, sA, B, Bt, ldb, sB, be, C, Ct, ldc, sC, count, ct, algo))
