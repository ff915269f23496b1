package org.deskline.core.directory;

import java.util.Objects;

/**
 * One field of a create or update request: either absent (keep the current value, or the default on
 * create) or present with a value, which may be null to clear a nullable field.
 */
public final class Patch<T> {
    private static final Patch<?> ABSENT = new Patch<>(false, null);

    private final boolean present;
    private final T value;

    private Patch(boolean present, T value) {
        this.present = present;
        this.value = value;
    }

    @SuppressWarnings("unchecked")
    public static <T> Patch<T> absent() {
        return (Patch<T>) ABSENT;
    }

    public static <T> Patch<T> of(T value) {
        return new Patch<>(true, value);
    }

    public boolean isPresent() {
        return present;
    }

    public T value() {
        if (!present) {
            throw new IllegalStateException("absent");
        }
        return value;
    }

    public T orElse(T current) {
        return present ? value : current;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Patch<?> p && p.present == present && Objects.equals(p.value, value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(present, value);
    }

    @Override
    public String toString() {
        return present ? "Patch[" + value + "]" : "Patch[absent]";
    }
}
