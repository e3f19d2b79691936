package io.kameo.annotations.processor;

import java.util.List;
import java.util.function.Function;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;

/** Renders types as source text, without annotations, naming classes with a given function. */
final class Names {
  private Names() {}

  /** Renders {@code type} with canonical class names, as generated code refers to it. */
  static String canonical(TypeMirror type) {
    return render(type, t -> t.getQualifiedName().toString());
  }

  /** Renders {@code type}, naming each class with {@code name}. */
  static String render(TypeMirror type, Function<TypeElement, String> name) {
    StringBuilder out = new StringBuilder();
    render(type, name, out);
    return out.toString();
  }

  private static void render(
      TypeMirror type, Function<TypeElement, String> name, StringBuilder out) {
    switch (type.getKind()) {
      case BOOLEAN, BYTE, SHORT, INT, LONG, CHAR, FLOAT, DOUBLE ->
          out.append(type.getKind().name().toLowerCase(java.util.Locale.ROOT));
      case VOID -> out.append("void");
      case ARRAY -> {
        render(((ArrayType) type).getComponentType(), name, out);
        out.append("[]");
      }
      case DECLARED -> {
        DeclaredType declared = (DeclaredType) type;
        out.append(name.apply((TypeElement) declared.asElement()));
        List<? extends TypeMirror> args = declared.getTypeArguments();
        if (!args.isEmpty()) {
          out.append('<');
          for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
              out.append(", ");
            }
            render(args.get(i), name, out);
          }
          out.append('>');
        }
      }
      case WILDCARD -> {
        WildcardType wildcard = (WildcardType) type;
        out.append('?');
        if (wildcard.getExtendsBound() != null) {
          out.append(" extends ");
          render(wildcard.getExtendsBound(), name, out);
        } else if (wildcard.getSuperBound() != null) {
          out.append(" super ");
          render(wildcard.getSuperBound(), name, out);
        }
      }
      case TYPEVAR -> out.append(((TypeVariable) type).asElement().getSimpleName());
      default -> out.append(type);
    }
  }
}
