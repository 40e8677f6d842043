// The system zlib, for Swift: `import CZlib` gives `inflateInit2_`, `inflate`,
// `inflateReset`, `inflateEnd` and `z_stream`. (`inflateInit2` itself is a C
// macro that Swift cannot import; call `inflateInit2_` with `zlibVersion()`
// and the size of `z_stream`.)
#ifndef HPCSIM_CZLIB_SHIM_H
#define HPCSIM_CZLIB_SHIM_H
#include <zlib.h>
#endif
