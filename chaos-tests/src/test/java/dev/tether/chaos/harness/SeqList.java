package dev.tether.chaos.harness;

import java.util.Arrays;

/** A growable list of sequence numbers; synchronized, since a stuck worker may still add after the harness reads. */
final class SeqList {
    private int[] values = new int[256];
    private int size;

    synchronized void add(int value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    synchronized int[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
