# Sourced on the lent GPU machine (carry .gpu): faiss-gpu from .gpu/faiss_gpu_sm90.tar.xz (see
# pack_faiss_gpu.sh), and a cuBLAS 12 -> 13 shim (that machine has CUDA 13 libraries only), laid
# out as the nvidia-*-cu12 wheels FAISS preloads; exports PYTHONPATH and LD_LIBRARY_PATH.
set -e
mkdir -p /tmp/fg/site
tar xJf .gpu/faiss_gpu_sm90.tar.xz -C /tmp/fg/site
CU13=$(dirname "$(find /opt /usr -name 'libcublas.so.13' 2>/dev/null | head -1)")
echo "CUDA 13 libraries in $CU13"
L=/tmp/fg/site/nvidia/cublas/lib; mkdir -p $L /tmp/fg/site/nvidia/curand/lib
printf 'libcublas.so.12 { global: cublas*; local: *; };\n' > /tmp/fg/v.map
gcc -O2 -shared -fPIC -Wl,-soname,libcublas.so.12 -Wl,--version-script=/tmp/fg/v.map -o $L/libcublas.so.12 scripts/device/cublas12_shim.c -ldl
echo 'int cublasLt12_placeholder;' > /tmp/fg/e.c
gcc -shared -fPIC -Wl,-soname,libcublasLt.so.12 -o $L/libcublasLt.so.12 /tmp/fg/e.c
ln -sf $(ls $CU13/libcurand.so.10* | head -1) /tmp/fg/site/nvidia/curand/lib/libcurand.so.10
export LD_LIBRARY_PATH=$CU13:$LD_LIBRARY_PATH
export PYTHONPATH=/tmp/fg/site:$PWD
set +e
