/// A stable least-significant-digit radix sort of 32-bit keys, in linear time.
///
/// The document decoder orders its state runs by LV to check them run by run; a comparison sort
/// of tens of thousands of runs would cost more than the checks themselves.
enum RadixSort {
    /// Bits per digit: 2,048 buckets, so that LVs below 2²² sort in two passes.
    private static let digitBits = 11

    /// The positions of `keys` in ascending key order; equal keys keep their order.
    ///
    /// - Precondition: `keys.count` fits `Int32`.
    static func order(of keys: [UInt32]) -> [Int32] {
        precondition(keys.count <= Int(Int32.max), "too many keys")
        let count = keys.count
        let maxKey = keys.max() ?? 0
        let buckets = 1 << digitBits
        let mask = UInt32(buckets - 1)
        // Two buffers the passes scatter between, and the bucket offsets.
        let first = UnsafeMutableBufferPointer<Int32>.allocate(capacity: count)
        let second = UnsafeMutableBufferPointer<Int32>.allocate(capacity: count)
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: buckets)
        defer {
            first.deallocate()
            second.deallocate()
            counts.deallocate()
        }
        for index in 0..<count { first[index] = Int32(truncatingIfNeeded: index) }
        var source = first
        var target = second
        var shift: UInt32 = 0
        keys.withUnsafeBufferPointer { keys in
            while count > 1 && shift < 32 && maxKey >> shift != 0 {
                defer { shift += UInt32(digitBits) }
                counts.update(repeating: 0)
                for key in keys { counts[Int(key >> shift & mask)] &+= 1 }
                var total = 0
                var shared = false
                for digit in 0..<buckets {
                    let size = counts[digit]
                    shared = shared || size == count
                    counts[digit] = total
                    total &+= size
                }
                // A digit every key shares leaves the order as it is.
                if shared { continue }
                for index in source {
                    let digit = Int(keys[Int(index)] >> shift & mask)
                    target[counts[digit]] = index
                    counts[digit] &+= 1
                }
                swap(&source, &target)
            }
        }
        return Array(source)
    }
}
