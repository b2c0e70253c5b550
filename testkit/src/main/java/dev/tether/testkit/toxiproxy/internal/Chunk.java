package dev.tether.testkit.toxiproxy.internal;

/** A piece of a byte stream travelling through a toxic chain, or the end of the stream ({@link #EOF}). */
final class Chunk {
    static final Chunk EOF = new Chunk(null);

    /** The bytes; null for end of stream. Never mutated once created. */
    final byte[] data;

    private Chunk(byte[] data) {
        this.data = data;
    }

    static Chunk of(byte[] data) {
        return new Chunk(data);
    }

    boolean isEof() {
        return data == null;
    }

    int length() {
        return data == null ? 0 : data.length;
    }
}
