package io.kameo.remote.internal.actor;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.jsontype.PolymorphicTypeValidator;
import java.io.IOException;
import java.io.Serial;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * INTERNAL API. Serializes remote messages and replies in one {@link Encoding} with one Jackson
 * mapper, such that a payload can never name a class to instantiate.
 *
 * <p>Two guards: the mapper is a copy whose polymorphic type validator denies every class name (so
 * even a mix-in that adds a class id fails), and every payload type is checked once, before its
 * first use, for {@code @JsonTypeInfo} with a class id on it, its supertypes or the types of its
 * properties; such a type is refused with a message that names where the annotation is.
 * Thread-safe: Jackson mappers are, once configured, and the checks are cached in a {@link
 * ClassValue}.
 */
public final class PayloadCodec {
  /** The validator that denies every class named by a payload. */
  private static final PolymorphicTypeValidator DENY_CLASS_NAMES =
      new PolymorphicTypeValidator.Base() {
        @Serial private static final long serialVersionUID = 1L;

        @Override
        public Validity validateSubClassName(
            MapperConfig<?> config, JavaType baseType, String subClassName) {
          return Validity.DENIED;
        }

        @Override
        public Validity validateSubType(
            MapperConfig<?> config, JavaType baseType, JavaType subType) {
          return Validity.DENIED;
        }
      };

  /** Per payload type: null if it names no class, else where a class id is declared. */
  private static final ClassValue<String> CLASS_IDS =
      new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
          return findClassId(type);
        }
      };

  private final Encoding format;
  private final ObjectMapper mapper;

  /** A codec for {@code format} that reads and writes with a guarded copy of {@code mapper}. */
  public PayloadCodec(Encoding format, ObjectMapper mapper) {
    this.format = format;
    this.mapper = mapper.copy().setPolymorphicTypeValidator(DENY_CLASS_NAMES);
  }

  /** Returns the format of this codec's payloads. */
  public Encoding format() {
    return format;
  }

  /**
   * Serializes {@code value}.
   *
   * @throws PayloadException if its type uses a class id or Jackson cannot serialize it
   */
  public byte[] encode(Object value) {
    if (value != null) {
      check(value.getClass());
    }
    try {
      return mapper.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new PayloadException(
          "cannot serialize "
              + (value == null ? "null" : value.getClass().getName())
              + " as "
              + format
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Deserializes a {@code type} from {@code payload}.
   *
   * @throws PayloadException if the type uses a class id or the bytes are not a {@code type} in
   *     this format
   */
  public <T> T decode(byte[] payload, Class<T> type) {
    check(type);
    try {
      return mapper.readValue(payload, type);
    } catch (IOException e) {
      throw new PayloadException(
          "cannot deserialize " + type.getName() + " from " + format + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks that {@code type} names no class in its payloads.
   *
   * @throws PayloadException naming the {@code @JsonTypeInfo} with a class id
   */
  public static void check(Class<?> type) {
    String where = CLASS_IDS.get(type);
    if (where != null) {
      throw new PayloadException(
          type.getName()
              + " cannot be a remote payload: "
              + where
              + " uses @JsonTypeInfo with a class id (Id.CLASS or Id.MINIMAL_CLASS), which"
              + " would let a peer name a class to instantiate; use Id.NAME with @JsonSubTypes",
          null);
    }
  }

  /** A payload could not be serialized or deserialized, or its type names a class. */
  public static final class PayloadException extends RuntimeException {
    @Serial private static final long serialVersionUID = 1L;

    PayloadException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  // ------------------------------------------------------------------ the class-id check

  private static String findClassId(Class<?> root) {
    Set<Class<?>> seen = new HashSet<>();
    Deque<Class<?>> todo = new ArrayDeque<>();
    todo.add(root);
    while (!todo.isEmpty()) {
      Class<?> c = todo.poll();
      if (!seen.add(c) || skipped(c)) {
        continue;
      }
      if (c.isArray()) {
        todo.add(c.getComponentType());
        continue;
      }
      for (Class<?> s = c; s != null && s != Object.class; s = s.getSuperclass()) {
        if (namesClass(s.getAnnotation(JsonTypeInfo.class))) {
          return s == c ? "the type " + c.getName() : "its supertype " + s.getName();
        }
        for (Class<?> i : s.getInterfaces()) {
          String found = interfaceClassId(i, new HashSet<>());
          if (found != null) {
            return "its interface " + found;
          }
        }
        if (s.isRecord()) {
          for (RecordComponent rc : s.getRecordComponents()) {
            if (namesClass(rc.getAnnotation(JsonTypeInfo.class))
                || namesClass(rc.getAccessor().getAnnotation(JsonTypeInfo.class))) {
              return "the component " + s.getName() + "." + rc.getName();
            }
            addTypes(rc.getGenericType(), todo);
          }
        }
        for (Field f : s.getDeclaredFields()) {
          int m = f.getModifiers();
          if (Modifier.isStatic(m) || Modifier.isTransient(m)) {
            continue;
          }
          if (namesClass(f.getAnnotation(JsonTypeInfo.class))) {
            return "the field " + s.getName() + "." + f.getName();
          }
          addTypes(f.getGenericType(), todo);
        }
      }
    }
    return null;
  }

  private static String interfaceClassId(Class<?> i, Set<Class<?>> seen) {
    if (!seen.add(i)) {
      return null;
    }
    if (namesClass(i.getAnnotation(JsonTypeInfo.class))) {
      return i.getName();
    }
    for (Class<?> s : i.getInterfaces()) {
      String found = interfaceClassId(s, seen);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /** The JDK's own types carry no Jackson annotations: not walked. */
  private static boolean skipped(Class<?> c) {
    if (c.isPrimitive() || c.isEnum()) {
      return true;
    }
    String name = c.getName();
    return name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jdk.");
  }

  private static boolean namesClass(JsonTypeInfo info) {
    return info != null
        && (info.use() == JsonTypeInfo.Id.CLASS || info.use() == JsonTypeInfo.Id.MINIMAL_CLASS);
  }

  private static void addTypes(Type type, Deque<Class<?>> todo) {
    switch (type) {
      case Class<?> c -> todo.add(c);
      case ParameterizedType p -> {
        addTypes(p.getRawType(), todo);
        for (Type a : p.getActualTypeArguments()) {
          addTypes(a, todo);
        }
      }
      case GenericArrayType a -> addTypes(a.getGenericComponentType(), todo);
      case WildcardType w -> {
        for (Type u : w.getUpperBounds()) {
          addTypes(u, todo);
        }
      }
      default -> {} // a type variable: its value's type is checked where it is declared
    }
  }
}
