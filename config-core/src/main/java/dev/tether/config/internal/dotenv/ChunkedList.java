package dev.tether.config.internal.dotenv;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;

/**
 * An append-only list kept in fixed-size chunks, read-only once handed out. A {@code .env} file of
 * megabytes has hundreds of thousands of assignments: in one array their references would be a
 * humongous object for G1 (over half a heap region), which every young collection must scan while
 * the entries it points to are young, and whose growth copies it again and again. That made resolving
 * a 4 MB file three times slower than a 2 MB one. Chunks of {@value #CHUNK} stay small objects.
 * Not thread-safe while being filled; safe to share once filling is done.
 */
final class ChunkedList<T> extends AbstractList<T> implements RandomAccess {
    static final int CHUNK = 4096;

    private final List<Object[]> chunks = new ArrayList<>();
    private int size;

    void append(T element) {
        int offset = size % CHUNK;
        if (offset == 0) {
            chunks.add(new Object[CHUNK]);
        }
        chunks.get(chunks.size() - 1)[offset] = element;
        size++;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + ", size " + size);
        }
        return (T) chunks.get(index / CHUNK)[index % CHUNK];
    }

    @Override
    public int size() {
        return size;
    }
}
