/// A stable least-significant-digit radix sort of 32-bit keys, in linear time.
///
/// The document decoder orders its state runs and deletions by LV to check them run by run; a
/// comparison sort of tens of thousands of runs would cost more than the checks themselves.
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
        var order = [Int32](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count { buffer[index] = Int32(truncatingIfNeeded: index) }
            initialized = count
        }
        guard count > 1, maxKey > 0 else { return order }
        let buckets = 1 << digitBits
        let mask = UInt32(buckets - 1)
        var spare = [Int32](repeating: 0, count: count)
        var counts = [Int](repeating: 0, count: buckets)
        var shift: UInt32 = 0
        keys.withUnsafeBufferPointer { keys in
            while shift < 32 && maxKey >> shift != 0 {
                let sorted = counts.withUnsafeMutableBufferPointer { counts in
                    counts.update(repeating: 0)
                    for key in keys { counts[Int(key >> shift & mask)] += 1 }
                    var total = 0
                    for digit in 0..<buckets {
                        let size = counts[digit]
                        // A digit every key shares leaves the order as it is.
                        if size == count { return false }
                        counts[digit] = total
                        total += size
                    }
                    order.withUnsafeBufferPointer { source in
                        spare.withUnsafeMutableBufferPointer { target in
                            for index in source {
                                let digit = Int(keys[Int(index)] >> shift & mask)
                                target[counts[digit]] = index
                                counts[digit] += 1
                            }
                        }
                    }
                    return true
                }
                if sorted { swap(&order, &spare) }
                shift += UInt32(digitBits)
            }
        }
        return order
    }
}
