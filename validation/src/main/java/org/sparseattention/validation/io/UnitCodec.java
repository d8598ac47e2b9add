package org.sparseattention.validation.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;

/**
 * Exact binary form of a work unit's result (a shard's output, read back by {@code merge}):
 * records of primitives, boxed primitives, strings, enums, arrays and nested records, field by
 * field in declaration order. Doubles keep every bit, so a merged run computes from the very
 * values the shards computed.
 */
public final class UnitCodec {
    private UnitCodec() {
    }

    /** Encodes {@code value} (may be null) of declared type {@code type}. */
    public static byte[] encode(Object value, Class<?> type) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out, value, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Decodes a value written by {@link #encode} with the same type. */
    public static <T> T decode(byte[] data, Class<T> type) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            Object v = read(in, type);
            if (in.available() != 0) {
                throw new IllegalArgumentException("unit data of " + type.getSimpleName() + " has trailing bytes "
                        + "(written by another version?)");
            }
            @SuppressWarnings("unchecked")
            T t = (T) (type.isPrimitive() ? v : type.cast(v));
            return t;
        } catch (IOException e) {
            throw new IllegalArgumentException("unit data of " + type.getSimpleName() + " is truncated (written by "
                    + "another version?)", e);
        }
    }

    private static void write(DataOutputStream out, Object v, Class<?> type) throws IOException {
        if (type == double.class) {
            out.writeDouble((Double) v);
        } else if (type == int.class) {
            out.writeInt((Integer) v);
        } else if (type == long.class) {
            out.writeLong((Long) v);
        } else if (type == boolean.class) {
            out.writeBoolean((Boolean) v);
        } else if (type == float.class) {
            out.writeFloat((Float) v);
        } else {
            out.writeBoolean(v != null);
            if (v == null) {
                return;
            }
            if (type == Double.class) {
                out.writeDouble((Double) v);
            } else if (type == Integer.class) {
                out.writeInt((Integer) v);
            } else if (type == Long.class) {
                out.writeLong((Long) v);
            } else if (type == Boolean.class) {
                out.writeBoolean((Boolean) v);
            } else if (type == String.class) {
                out.writeUTF((String) v);
            } else if (type.isEnum()) {
                out.writeUTF(((Enum<?>) v).name());
            } else if (type.isArray()) {
                int n = Array.getLength(v);
                out.writeInt(n);
                for (int i = 0; i < n; i++) {
                    write(out, Array.get(v, i), type.getComponentType());
                }
            } else if (type.isRecord()) {
                for (RecordComponent c : type.getRecordComponents()) {
                    write(out, invoke(c, v), c.getType());
                }
            } else {
                throw new IllegalArgumentException("cannot encode a unit of type " + type.getName());
            }
        }
    }

    private static Object read(DataInputStream in, Class<?> type) throws IOException {
        if (type == double.class) {
            return in.readDouble();
        } else if (type == int.class) {
            return in.readInt();
        } else if (type == long.class) {
            return in.readLong();
        } else if (type == boolean.class) {
            return in.readBoolean();
        } else if (type == float.class) {
            return in.readFloat();
        }
        if (!in.readBoolean()) {
            return null;
        }
        if (type == Double.class) {
            return in.readDouble();
        } else if (type == Integer.class) {
            return in.readInt();
        } else if (type == Long.class) {
            return in.readLong();
        } else if (type == Boolean.class) {
            return in.readBoolean();
        } else if (type == String.class) {
            return in.readUTF();
        } else if (type.isEnum()) {
            return enumValue(type, in.readUTF());
        } else if (type.isArray()) {
            int n = in.readInt();
            if (n < 0 || n > 1 << 28) {
                throw new IOException("bad array length " + n);
            }
            Object a = Array.newInstance(type.getComponentType(), n);
            for (int i = 0; i < n; i++) {
                Array.set(a, i, read(in, type.getComponentType()));
            }
            return a;
        } else if (type.isRecord()) {
            RecordComponent[] cs = type.getRecordComponents();
            Class<?>[] types = new Class<?>[cs.length];
            Object[] args = new Object[cs.length];
            for (int i = 0; i < cs.length; i++) {
                types[i] = cs[i].getType();
                args[i] = read(in, types[i]);
            }
            try {
                Constructor<?> k = type.getDeclaredConstructor(types);
                k.setAccessible(true);
                return k.newInstance(args);
            } catch (InvocationTargetException e) {
                throw new IllegalArgumentException("unit data of " + type.getSimpleName() + " is invalid: "
                        + e.getCause().getMessage(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot construct " + type.getName(), e);
            }
        }
        throw new IllegalArgumentException("cannot decode a unit of type " + type.getName());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Class<?> type, String name) {
        return Enum.valueOf((Class) type, name);
    }

    private static Object invoke(RecordComponent c, Object v) {
        try {
            java.lang.reflect.Method m = c.getAccessor();
            m.setAccessible(true);
            return m.invoke(v);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + v.getClass().getName(), e);
        }
    }
}
