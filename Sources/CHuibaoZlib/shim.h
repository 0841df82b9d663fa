#ifndef HUIBAO_CZLIB_SHIM_H
#define HUIBAO_CZLIB_SHIM_H

#include <zlib.h>

/// `deflateInit2` is a macro in zlib.h; Swift cannot call macros, so wrap it.
static inline int huibao_deflate_init(z_streamp stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY);
}

/// `inflateInit2` is a macro too; -15 selects a raw DEFLATE stream (no zlib header).
static inline int huibao_inflate_init(z_streamp stream) {
    return inflateInit2(stream, -15);
}

/// Inflate with automatic gzip header detection (windowBits 15 + 32), for reading `.gz` files.
static inline int huibao_inflate_init_gzip(z_streamp stream) {
    return inflateInit2(stream, 15 + 32);
}

#endif
