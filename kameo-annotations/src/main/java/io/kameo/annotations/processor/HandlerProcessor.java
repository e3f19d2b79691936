package io.kameo.annotations.processor;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Messager;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * INTERNAL API: the annotation processor that generates each actor class's handler table.
 *
 * <p>For every concrete actor class {@code p.Outer.Counter} among the root elements of a round, it
 * writes {@code p.Kameo_Outer_Counter}, an {@code io.kameo.spi.HandlerTable} that dispatches each
 * message to the {@link io.kameo.annotations.Handler @Handler} method for its type with a pattern
 * {@code switch}, and registers itself from its static initializer; for a {@link
 * io.kameo.annotations.RemoteActor @RemoteActor} class the initializer first registers the actor id
 * and each {@link io.kameo.annotations.RemoteMessage @RemoteMessage} handler with {@code
 * io.kameo.spi.RemoteMessages}. Invalid handlers and remote annotations are reported as errors on
 * the offending element; processing goes on with the other elements. The processor claims no
 * annotation.
 */
public final class HandlerProcessor extends AbstractProcessor {

  /*
   * Implementation notes.
   *
   * The processor sees every root element ("*"), not only those carrying @Handler, because an actor
   * without handlers still needs a table: the runtime looks the table up by name and fails loudly
   * if it is missing.
   *
   * Each handler is checked as a member of the class it is generated for (Types.asMemberOf), so
   * handlers inherited from a generic abstract base class see their type variables replaced by the
   * concrete class's type arguments. Abstract actor classes get no table, but their own handlers are
   * checked as well, with the actor's type variable standing in for the actor type, so that a bad
   * handler is reported even if no concrete subclass is compiled with it. The same error may then
   * come up again for a concrete subclass; reported errors are deduplicated by element and text.
   *
   * Generated code names every type by its canonical name (java.lang included) and imports
   * nothing, so it cannot clash with the user's simple names; its variables avoid the first segment
   * of every name it uses. It uses no reflection. Its unchecked casts (a message whose type has type
   * arguments, a Context with a reply type; the actor class of a subclass of a concrete actor) are
   * suppressed on the one member that makes them, and "auxiliaryclass" on the class only when it
   * names an auxiliary class: a suppression that is not needed could itself become a warning.
   *
   * Remote ids are resolved here (an empty @RemoteActor id becomes the binary name) and written as
   * literals. Actor ids are checked for uniqueness across all rounds of one compilation only;
   * classes compiled separately with the same id fail when the second one registers at run time.
   *
   * A class whose supertypes or handler signatures refer to a type that does not exist yet is
   * deferred to the next round, since another processor may be generating that type; javac itself
   * reports the types still missing after the last round.
   */

  static final String ACTOR = "io.kameo.Actor";
  static final String MESSAGE = "io.kameo.Message";
  static final String CONTEXT = "io.kameo.Context";
  static final String DELEGATED_REPLY = "io.kameo.DelegatedReply";
  static final String HANDLER = "io.kameo.annotations.Handler";
  static final String REMOTE_ACTOR = "io.kameo.annotations.RemoteActor";
  static final String REMOTE_MESSAGE = "io.kameo.annotations.RemoteMessage";

  private final Set<String> generated = new HashSet<>();
  private final Set<String> reported = new HashSet<>();

  /** The @RemoteActor ids of this compilation (all rounds), to the class that has each. */
  private final Map<String, String> remoteIds = new HashMap<>();

  /** Classes that refer to types not generated yet, by qualified name, for the next round. */
  private final Set<String> deferred = new LinkedHashSet<>();

  /** Creates the processor; called by the compiler's service loader. */
  public HandlerProcessor() {}

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("*");
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    Round r = new Round(round.processingOver());
    List<TypeElement> classes = new ArrayList<>();
    for (String name : deferred) {
      TypeElement type = r.elements.getTypeElement(name);
      if (type != null) {
        classes.add(type);
      }
    }
    deferred.clear();
    for (Element root : round.getRootElements()) {
      collectTypes(root, classes);
    }
    for (TypeElement type : classes) {
      r.processType(type);
    }
    return false;
  }

  private static void collectTypes(Element element, List<TypeElement> out) {
    if (element instanceof TypeElement type) {
      out.add(type);
      for (Element enclosed : type.getEnclosedElements()) {
        collectTypes(enclosed, out);
      }
    }
  }

  static boolean isHandler(Element element) {
    return annotation(element, HANDLER) != null;
  }

  /** Returns the annotation of type {@code qualifiedName} on {@code element}, or null. */
  static AnnotationMirror annotation(Element element, String qualifiedName) {
    for (AnnotationMirror annotation : element.getAnnotationMirrors()) {
      Element type = annotation.getAnnotationType().asElement();
      if (type instanceof TypeElement t && t.getQualifiedName().contentEquals(qualifiedName)) {
        return annotation;
      }
    }
    return null;
  }

  /** Returns the {@code value} of {@code annotation} ("" when it is not a string yet). */
  static String value(AnnotationMirror annotation) {
    for (var entry : annotation.getElementValues().entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals("value")) {
        return entry.getValue().getValue() instanceof String s ? s : "";
      }
    }
    return ""; // the default of @RemoteActor; @RemoteMessage has none, javac reports it missing
  }

  static List<ExecutableElement> declaredHandlers(TypeElement type) {
    List<ExecutableElement> handlers = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (isHandler(method)) {
        handlers.add(method);
      }
    }
    return handlers;
  }

  /** One checked handler method, as a member of the actor class it is generated for. */
  record HandlerInfo(
      ExecutableElement method,
      DeclaredType messageType,
      TypeMirror reply,
      boolean returnsVoid,
      boolean hasContext,
      TypeMirror contextType,
      boolean contextNeedsCast) {}

  /** The state of one processing round: the looked-up library types. */
  private final class Round {
    final boolean last;
    final Elements elements = processingEnv.getElementUtils();
    final Types types = processingEnv.getTypeUtils();
    final Messager messager = processingEnv.getMessager();
    final TypeElement actor = elements.getTypeElement(ACTOR);
    final TypeElement message = elements.getTypeElement(MESSAGE);
    final TypeElement context = elements.getTypeElement(CONTEXT);
    final TypeElement delegatedReply = elements.getTypeElement(DELEGATED_REPLY);

    /** The class being processed: where errors go whose element has no source in this build. */
    TypeElement current;

    Round(boolean last) {
      this.last = last;
    }

    void error(Element element, String format, Object... args) {
      error(element, null, format, args);
    }

    /** Reports an error on {@code annotation} of {@code element} (on the element if null). */
    void error(Element element, AnnotationMirror annotation, String format, Object... args) {
      String text = args.length == 0 ? format : String.format(format, args);
      boolean here = hasSource(element) || current == null;
      Element at = here ? element : current;
      if (reported.add(System.identityHashCode(at) + ":" + at + ":" + text)) {
        if (here && annotation != null) {
          messager.printMessage(Diagnostic.Kind.ERROR, text, at, annotation);
        } else {
          messager.printMessage(Diagnostic.Kind.ERROR, text, at);
        }
      }
    }

    boolean hasSource(Element element) {
      Element outermost = element;
      while (outermost.getEnclosingElement() != null
          && outermost.getEnclosingElement().getKind() != ElementKind.PACKAGE
          && outermost.getEnclosingElement().getKind() != ElementKind.MODULE) {
        outermost = outermost.getEnclosingElement();
      }
      JavaFileObject file = elements.getFileObjectOf(outermost);
      return file != null && file.getKind() == JavaFileObject.Kind.SOURCE;
    }

    void processType(TypeElement type) {
      current = type;
      if (refersToMissingTypes(type)) {
        if (!last) {
          // another processor may generate them in this round; look again in the next one
          deferred.add(type.getQualifiedName().toString());
        }
        // after the last round javac reports the missing types; checking more would only add noise
        return;
      }
      checkRemoteAnnotations(type);
      List<ExecutableElement> own = declaredHandlers(type);
      if (actor == null || message == null || context == null || delegatedReply == null) {
        for (ExecutableElement method : own) {
          error(
              method,
              "@Handler method %s cannot be checked: io.kameo.Actor, io.kameo.Message,"
                  + " io.kameo.Context or io.kameo.DelegatedReply is missing from the class path"
                  + " (add io.kameo:kameo-core)",
              describe(method));
        }
        return;
      }
      if (type.getKind().isInterface()) {
        for (ExecutableElement method : own) {
          error(
              method,
              "@Handler method %s is declared in interface %s: handlers must be methods of an"
                  + " actor class",
              describe(method),
              display(type.asType()));
        }
        return;
      }
      boolean isActor =
          types.isSubtype(types.erasure(type.asType()), types.erasure(actor.asType()));
      if (!isActor) {
        for (ExecutableElement method : own) {
          error(
              method,
              "@Handler method %s is declared in %s, which does not implement io.kameo.Actor",
              describe(method),
              display(type.asType()));
        }
        return;
      }
      DeclaredType actorSuper = findSupertype(type.asType(), actor);
      if (actorSuper == null || actorSuper.getTypeArguments().isEmpty()) {
        error(
            type,
            "actor class %s implements the raw type io.kameo.Actor: declare it Actor<%s>",
            display(type.asType()),
            relativeName(type));
        return;
      }
      TypeMirror self = actorSuper.getTypeArguments().get(0);
      boolean concrete = !type.getModifiers().contains(Modifier.ABSTRACT);
      if (!concrete) {
        DeclaredType declared = (DeclaredType) type.asType();
        for (ExecutableElement method : own) {
          check(type, declared, self, method);
        }
        return;
      }
      if (!type.getTypeParameters().isEmpty()) {
        error(
            type,
            "actor class %s is generic, which generated handler tables do not support: make it"
                + " abstract and extend it with a non-generic class",
            display(type.asType()));
        return;
      }
      if (self.getKind() != TypeKind.DECLARED || !types.isSubtype(type.asType(), self)) {
        error(
            type,
            "actor class %s implements Actor<%s> but is not a %s: declare it Actor<%s>",
            relativeName(type),
            display(self),
            display(self),
            relativeName(type));
        return;
      }
      String tableName = tableSimpleName(type);
      for (Element e = type; e instanceof TypeElement t; e = e.getEnclosingElement()) {
        if (t.getModifiers().contains(Modifier.PRIVATE)) {
          error(
              type,
              "actor class %s must not be private%s: its generated handler table %s refers to it",
              relativeName(type),
              t == type ? "" : " or nested in a private class",
              tableName);
          return;
        }
      }
      DeclaredType declared = (DeclaredType) type.asType();
      List<HandlerInfo> handlers = new ArrayList<>();
      boolean ok = true;
      Map<String, HandlerInfo> byMessage = new LinkedHashMap<>();
      for (ExecutableElement method : handlersOf(type)) {
        HandlerInfo info = check(type, declared, self, method);
        if (info == null) {
          ok = false;
          continue;
        }
        String key = types.erasure(info.messageType()).toString();
        HandlerInfo previous = byMessage.putIfAbsent(key, info);
        if (previous != null) {
          error(
              method,
              "handler %s handles %s, which handler %s already handles: a message type has at most"
                  + " one handler",
              describe(method),
              display(types.erasure(info.messageType())),
              describe(previous.method()));
          ok = false;
          continue;
        }
        handlers.add(info);
      }
      if (!ok) {
        return;
      }
      List<HandlerInfo> ordered = mostSpecificFirst(handlers);
      Remote remote = remoteOf(type, ordered);
      if (remote == INVALID) {
        return;
      }
      String pkg = elements.getPackageOf(type).getQualifiedName().toString();
      String qualifiedTable = pkg.isEmpty() ? tableName : pkg + "." + tableName;
      if (!generated.add(qualifiedTable)) {
        return;
      }
      List<TypeMirror> replies = new ArrayList<>();
      if (remote != null) {
        remote.handlers().forEach(h -> replies.add(h.handler().reply()));
      }
      String source =
          new TableWriter(
                  types,
                  pkg,
                  tableName,
                  type,
                  self,
                  ordered,
                  remote,
                  refersToAuxiliaryClass(type, self, handlers, replies))
              .write();
      try {
        JavaFileObject file = processingEnv.getFiler().createSourceFile(qualifiedTable, type);
        try (Writer writer = file.openWriter()) {
          writer.write(source);
        }
      } catch (IOException e) {
        error(type, "cannot write handler table %s: %s", qualifiedTable, e.getMessage());
      }
    }

    /**
     * Returns whether {@code type}, its supertypes or the signatures of its and its superclasses'
     * handlers (message types' supertypes included) refer to types that do not exist (yet).
     */
    boolean refersToMissingTypes(TypeElement type) {
      Set<Element> visited = new HashSet<>();
      if (isMissing(type.asType(), true, visited)) {
        return true;
      }
      for (TypeElement c = type; c != null; c = superclass(c)) {
        for (ExecutableElement method : declaredHandlers(c)) {
          if (isMissing(method.getReturnType(), false, visited)) {
            return true;
          }
          for (VariableElement param : method.getParameters()) {
            if (isMissing(param.asType(), true, visited)) {
              return true;
            }
          }
        }
      }
      return false;
    }

    /** Returns whether {@code type} (or, if {@code deep}, one of its supertypes) is missing. */
    boolean isMissing(TypeMirror type, boolean deep, Set<Element> visited) {
      switch (type.getKind()) {
        case ERROR -> {
          return true;
        }
        case ARRAY -> {
          return isMissing(((ArrayType) type).getComponentType(), deep, visited);
        }
        case WILDCARD -> {
          WildcardType w = (WildcardType) type;
          TypeMirror bound = w.getExtendsBound() != null ? w.getExtendsBound() : w.getSuperBound();
          return bound != null && isMissing(bound, deep, visited);
        }
        case DECLARED -> {
          for (TypeMirror arg : ((DeclaredType) type).getTypeArguments()) {
            if (isMissing(arg, false, visited)) {
              return true;
            }
          }
          if (!deep || !visited.add(((DeclaredType) type).asElement())) {
            return false;
          }
          TypeElement element = (TypeElement) ((DeclaredType) type).asElement();
          if (isMissing(element.getSuperclass(), true, visited)) {
            return true;
          }
          for (TypeMirror supertype : element.getInterfaces()) {
            if (isMissing(supertype, true, visited)) {
              return true;
            }
          }
          return false;
        }
        default -> {
          return false;
        }
      }
    }

    /**
     * Returns the @Handler methods of {@code type} and its superclasses, superclasses' first, each
     * method once: an annotated method overridden by an annotated one counts as the subclass's.
     */
    List<ExecutableElement> handlersOf(TypeElement type) {
      List<List<ExecutableElement>> perClass = new ArrayList<>();
      List<ExecutableElement> seen = new ArrayList<>();
      for (TypeElement c = type; c != null; c = superclass(c)) {
        List<ExecutableElement> found = new ArrayList<>();
        for (ExecutableElement method : declaredHandlers(c)) {
          boolean overridden = false;
          for (ExecutableElement sub : seen) {
            if (elements.overrides(sub, method, type)) {
              overridden = true;
              break;
            }
          }
          if (!overridden) {
            found.add(method);
          }
        }
        // an override without @Handler leaves the superclass's handler in place (calls dispatch
        // to the override); an override with @Handler replaces it
        seen.addAll(found);
        perClass.add(0, found);
      }
      List<ExecutableElement> all = new ArrayList<>();
      perClass.forEach(all::addAll);
      return all;
    }

    TypeElement superclass(TypeElement type) {
      TypeMirror superclass = type.getSuperclass();
      if (superclass.getKind() != TypeKind.DECLARED) {
        return null;
      }
      TypeElement element = (TypeElement) ((DeclaredType) superclass).asElement();
      return element.getQualifiedName().contentEquals("java.lang.Object") ? null : element;
    }

    /** Checks {@code method} as a handler of {@code type}; returns null after reporting errors. */
    HandlerInfo check(
        TypeElement type, DeclaredType declared, TypeMirror self, ExecutableElement method) {
      String name = describe(method);
      boolean ok = true;
      Set<Modifier> modifiers = method.getModifiers();
      String pkg = elements.getPackageOf(type).getQualifiedName().toString();
      if (modifiers.contains(Modifier.PRIVATE)) {
        error(
            method,
            "handler %s must not be private: the generated handler table calls it from package %s",
            name,
            pkg.isEmpty() ? "(unnamed)" : pkg);
        ok = false;
      } else if (!modifiers.contains(Modifier.PUBLIC)
          && !elements.getPackageOf(method).equals(elements.getPackageOf(type))) {
        error(
            method,
            "handler %s is not accessible from package %s, where the handler table of %s is"
                + " generated: make it public",
            name,
            pkg.isEmpty() ? "(unnamed)" : pkg,
            relativeName(type));
        ok = false;
      }
      if (modifiers.contains(Modifier.STATIC)) {
        error(method, "handler %s must not be static: handlers run on the actor instance", name);
        ok = false;
      }
      if (!method.getTypeParameters().isEmpty()) {
        error(method, "handler %s must not declare type parameters", name);
        ok = false;
      }
      ExecutableType executable = (ExecutableType) types.asMemberOf(declared, method);
      List<? extends TypeMirror> params = executable.getParameterTypes();
      if (params.isEmpty() || params.size() > 2) {
        error(
            method,
            "handler %s must take the message and, optionally, an io.kameo.Context<%s, R>; it takes"
                + " %d parameters",
            name,
            display(self),
            params.size());
        return null;
      }
      VariableElement firstParam = method.getParameters().get(0);
      TypeMirror first = params.get(0);
      if (first.getKind() == TypeKind.TYPEVAR
          && (!method.getTypeParameters().isEmpty()
              || type.getModifiers().contains(Modifier.ABSTRACT))) {
        // a generic method was reported above; a type variable of an abstract class is checked
        // in each concrete subclass, where it has a value
        return null;
      }
      if (first.getKind() != TypeKind.DECLARED
          || !types.isSubtype(types.erasure(first), types.erasure(message.asType()))) {
        error(
            firstParam,
            "the first parameter of handler %s must be a message (a subtype of io.kameo.Message),"
                + " not %s",
            name,
            display(first));
        return null;
      }
      DeclaredType messageType = (DeclaredType) first;
      DeclaredType messageSuper = findSupertype(messageType, message);
      if (messageSuper == null || messageSuper.getTypeArguments().size() != 2) {
        error(
            firstParam,
            "message type %s of handler %s implements the raw type io.kameo.Message: give its actor"
                + " and reply types",
            display(messageType),
            name);
        return null;
      }
      TypeMirror target = messageSuper.getTypeArguments().get(0);
      TypeMirror reply = messageSuper.getTypeArguments().get(1);
      if (reply.getKind() == TypeKind.WILDCARD || target.getKind() == TypeKind.WILDCARD) {
        error(
            firstParam,
            "handler %s takes %s, whose actor and reply types are not known (%s): name a message"
                + " type with fixed type arguments",
            name,
            display(messageType),
            display(messageSuper));
        return null;
      }
      if (!types.isSubtype(self, target)) {
        error(
            firstParam,
            "handler %s cannot handle %s, a message for %s: %s is not a subtype of %s",
            name,
            display(messageType),
            display(target),
            types.isSameType(self, type.asType())
                ? display(self)
                : String.format(
                    "the actor type of %s, %s (from Actor<%s>),",
                    relativeName(type), display(self), display(self)),
            display(target));
        ok = false;
      }
      String inaccessible = inaccessible(messageType.asElement(), type);
      if (inaccessible != null) {
        error(
            firstParam,
            "message type %s of handler %s %s: the generated handler table of %s refers to it",
            display(types.erasure(messageType)),
            name,
            inaccessible,
            relativeName(type));
        ok = false;
      } else {
        // the table casts to the message type with its type arguments
        String argument = inaccessibleIn(messageType.getTypeArguments(), type);
        if (argument != null) {
          error(
              firstParam,
              "message type %s of handler %s refers to %s: the generated handler table of %s"
                  + " refers to it",
              display(messageType),
              name,
              argument,
              relativeName(type));
          ok = false;
        }
      }
      boolean hasContext = params.size() == 2;
      TypeMirror contextType = null;
      boolean contextNeedsCast = false;
      if (hasContext) {
        contextType = params.get(1);
        if (!isContextOf(contextType, self, reply)) {
          error(
              method.getParameters().get(1),
              "the second parameter of handler %s must be io.kameo.Context<%s, %s>, not %s",
              name,
              display(self),
              display(reply),
              display(contextType));
          ok = false;
        } else {
          contextNeedsCast =
              ((DeclaredType) contextType).getTypeArguments().get(1).getKind() != TypeKind.WILDCARD;
          // the table casts the context to Context<A, R>
          String replyType = contextNeedsCast ? inaccessibleIn(List.of(reply), type) : null;
          if (replyType != null) {
            error(
                method.getParameters().get(1),
                "the reply type of handler %s refers to %s: the generated handler table of %s"
                    + " refers to it when it passes the Context; take Context<%s, ?> instead",
                name,
                replyType,
                relativeName(type),
                display(self));
            ok = false;
          }
        }
      }
      TypeMirror returned = executable.getReturnType();
      boolean isVoidReply = isVoid(reply);
      if (!returnMatches(returned, reply, isVoidReply)) {
        error(
            method,
            "handler %s must return %s (the reply type of %s), not %s",
            name,
            allowedReturns(reply, isVoidReply),
            display(messageType),
            display(returned));
        ok = false;
      }
      return ok
          ? new HandlerInfo(
              method,
              messageType,
              reply,
              returned.getKind() == TypeKind.VOID,
              hasContext,
              contextType,
              contextNeedsCast)
          : null;
    }

    boolean isContextOf(TypeMirror type, TypeMirror self, TypeMirror reply) {
      if (type.getKind() != TypeKind.DECLARED
          || !((DeclaredType) type).asElement().equals(context)) {
        return false;
      }
      List<? extends TypeMirror> args = ((DeclaredType) type).getTypeArguments();
      if (args.size() != 2 || !types.isSameType(args.get(0), self)) {
        return false;
      }
      TypeMirror r = args.get(1);
      if (r.getKind() == TypeKind.WILDCARD) {
        WildcardType w = (WildcardType) r;
        return w.getExtendsBound() == null && w.getSuperBound() == null;
      }
      return types.isSameType(r, reply);
    }

    boolean isVoid(TypeMirror type) {
      return type.getKind() == TypeKind.DECLARED
          && ((TypeElement) ((DeclaredType) type).asElement())
              .getQualifiedName()
              .contentEquals("java.lang.Void");
    }

    boolean returnMatches(TypeMirror returned, TypeMirror reply, boolean isVoidReply) {
      if (returned.getKind() == TypeKind.VOID) {
        return isVoidReply;
      }
      if (returned.getKind().isPrimitive()) {
        return types.isSameType(
            types.boxedClass(types.getPrimitiveType(returned.getKind())).asType(), reply);
      }
      if (types.isSameType(returned, reply)) {
        return true;
      }
      if (returned.getKind() == TypeKind.DECLARED
          && ((DeclaredType) returned).asElement().equals(delegatedReply)) {
        List<? extends TypeMirror> args = ((DeclaredType) returned).getTypeArguments();
        return args.size() == 1 && types.isSameType(args.get(0), reply);
      }
      return false;
    }

    String allowedReturns(TypeMirror reply, boolean isVoidReply) {
      String r = display(reply);
      if (isVoidReply) {
        return "void, Void or DelegatedReply<Void>";
      }
      try {
        TypeMirror unboxed = types.unboxedType(reply);
        return r + ", " + unboxed + " or DelegatedReply<" + r + ">";
      } catch (IllegalArgumentException e) {
        return r + " or DelegatedReply<" + r + ">";
      }
    }

    /** Returns why {@code element} is not accessible from {@code from}'s package, or null. */
    String inaccessible(Element element, TypeElement from) {
      PackageElement pkg = elements.getPackageOf(from);
      for (Element e = element; e instanceof TypeElement t; e = e.getEnclosingElement()) {
        if (t.getModifiers().contains(Modifier.PRIVATE)) {
          return t == element ? "is private" : "is nested in private class " + relativeName(t);
        }
        if (!t.getModifiers().contains(Modifier.PUBLIC) && !elements.getPackageOf(t).equals(pkg)) {
          return t == element
              ? "is not public and is in another package"
              : "is nested in non-public class " + relativeName(t) + " of another package";
        }
      }
      return null;
    }

    /**
     * Returns "T is private" (or why else T is not accessible) for the first class T among {@code
     * mirrors} and their type arguments that {@code from}'s package cannot name, or null.
     */
    String inaccessibleIn(List<? extends TypeMirror> mirrors, TypeElement from) {
      for (TypeMirror type : mirrors) {
        String found =
            switch (type.getKind()) {
              case ARRAY -> inaccessibleIn(List.of(((ArrayType) type).getComponentType()), from);
              case WILDCARD -> {
                WildcardType w = (WildcardType) type;
                TypeMirror bound =
                    w.getExtendsBound() != null ? w.getExtendsBound() : w.getSuperBound();
                yield bound == null ? null : inaccessibleIn(List.of(bound), from);
              }
              case DECLARED -> {
                DeclaredType declared = (DeclaredType) type;
                String why = inaccessible(declared.asElement(), from);
                yield why != null
                    ? display(types.erasure(declared)) + ", which " + why
                    : inaccessibleIn(declared.getTypeArguments(), from);
              }
              default -> null;
            };
        if (found != null) {
          return found;
        }
      }
      return null;
    }

    /**
     * Returns whether the table refers to an auxiliary class (a top-level class in a source file
     * named for another class, such as a message record next to its actor), which javac's
     * "auxiliaryclass" lint reports when used from another file, as the generated one.
     */
    boolean refersToAuxiliaryClass(
        TypeElement type, TypeMirror self, List<HandlerInfo> handlers, List<TypeMirror> replies) {
      List<TypeMirror> used = new ArrayList<>(List.of(type.asType(), self));
      used.addAll(replies);
      for (HandlerInfo handler : handlers) {
        used.add(handler.messageType());
        if (handler.contextType() != null) {
          used.add(handler.contextType());
        }
      }
      for (TypeMirror t : used) {
        if (isAuxiliary(t)) {
          return true;
        }
      }
      return false;
    }

    boolean isAuxiliary(TypeMirror type) {
      switch (type.getKind()) {
        case ARRAY -> {
          return isAuxiliary(((ArrayType) type).getComponentType());
        }
        case WILDCARD -> {
          WildcardType w = (WildcardType) type;
          TypeMirror bound = w.getExtendsBound() != null ? w.getExtendsBound() : w.getSuperBound();
          return bound != null && isAuxiliary(bound);
        }
        case DECLARED -> {
          for (TypeMirror arg : ((DeclaredType) type).getTypeArguments()) {
            if (isAuxiliary(arg)) {
              return true;
            }
          }
          Element outermost = ((DeclaredType) type).asElement();
          while (outermost.getEnclosingElement() instanceof TypeElement enclosing) {
            outermost = enclosing;
          }
          JavaFileObject file = elements.getFileObjectOf(outermost);
          return file != null
              && file.getKind() == JavaFileObject.Kind.SOURCE
              && !file.isNameCompatible(
                  outermost.getSimpleName().toString(), JavaFileObject.Kind.SOURCE);
        }
        default -> {
          return false;
        }
      }
    }

    /** Finds {@code target} among the supertypes of {@code type}, with its type arguments. */
    DeclaredType findSupertype(TypeMirror type, TypeElement target) {
      if (type.getKind() != TypeKind.DECLARED) {
        return null;
      }
      if (((DeclaredType) type).asElement().equals(target)) {
        return (DeclaredType) type;
      }
      for (TypeMirror supertype : types.directSupertypes(type)) {
        DeclaredType found = findSupertype(supertype, target);
        if (found != null) {
          return found;
        }
      }
      return null;
    }

    /**
     * Checks the remote annotations that {@code type} declares, whatever kind of type it is:
     * {@code @RemoteMessage} only on handlers and with a non-blank id, {@code @RemoteActor} only on
     * concrete actor classes and with a non-blank id if one is given.
     */
    void checkRemoteAnnotations(TypeElement type) {
      for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
        AnnotationMirror remoteMessage = annotation(method, REMOTE_MESSAGE);
        if (remoteMessage == null) {
          continue;
        }
        if (!isHandler(method)) {
          error(
              method,
              remoteMessage,
              "@RemoteMessage method %s is not a @Handler: only handlers can be called remotely",
              describe(method));
        } else {
          checkMessageId(method, remoteMessage);
        }
      }
      AnnotationMirror remoteActor = annotation(type, REMOTE_ACTOR);
      if (remoteActor == null) {
        return;
      }
      String kind =
          type.getKind().isInterface()
              ? "interface"
              : type.getModifiers().contains(Modifier.ABSTRACT) ? "abstract class" : null;
      if (kind != null) {
        error(
            type,
            remoteActor,
            "@RemoteActor is on %s %s: only concrete actor classes can be remote actors; annotate"
                + " each concrete actor class",
            kind,
            relativeName(type));
      } else if (actor != null
          && !types.isSubtype(types.erasure(type.asType()), types.erasure(actor.asType()))) {
        error(
            type,
            remoteActor,
            "@RemoteActor is on %s, which does not implement io.kameo.Actor",
            relativeName(type));
      } else {
        remoteActorId(type, remoteActor);
      }
    }

    /** Returns the message id of a remote handler, or null after reporting a blank one. */
    String checkMessageId(ExecutableElement method, AnnotationMirror remoteMessage) {
      String id = value(remoteMessage);
      if (id.isBlank()) {
        error(
            method,
            remoteMessage,
            "the @RemoteMessage id of handler %s is blank: give it a unique id, such as a random"
                + " UUID",
            describe(method));
        return null;
      }
      return id;
    }

    /**
     * Returns the remote id of actor class {@code type}: the annotation's value or, if that is
     * empty, the class's binary name; null after reporting a blank one.
     */
    String remoteActorId(TypeElement type, AnnotationMirror remoteActor) {
      String id = value(remoteActor);
      if (id.isEmpty()) {
        return elements.getBinaryName(type).toString();
      }
      if (id.isBlank()) {
        error(
            type,
            remoteActor,
            "the @RemoteActor id of %s is blank: leave it out to use the class's binary name, or"
                + " give a unique id",
            relativeName(type));
        return null;
      }
      return id;
    }

    /**
     * Checks the remote handlers of concrete actor class {@code type} ({@code handlers} most
     * specific first) and returns what its table registers: null if it is not a remote actor,
     * {@link #INVALID} after reporting errors.
     */
    Remote remoteOf(TypeElement type, List<HandlerInfo> handlers) {
      boolean ok = true;
      Map<String, HandlerInfo> byId = new LinkedHashMap<>();
      Map<HandlerInfo, String> idOf = new HashMap<>();
      // report duplicates on the subclass's handler: superclasses' handlers come first
      List<HandlerInfo> declarationOrder = new ArrayList<>();
      for (ExecutableElement method : handlersOf(type)) {
        for (HandlerInfo handler : handlers) {
          if (handler.method().equals(method)) {
            declarationOrder.add(handler);
          }
        }
      }
      for (HandlerInfo handler : declarationOrder) {
        AnnotationMirror remoteMessage = annotation(handler.method(), REMOTE_MESSAGE);
        if (remoteMessage == null) {
          continue;
        }
        String id = checkMessageId(handler.method(), remoteMessage);
        if (id == null) {
          ok = false;
          continue;
        }
        HandlerInfo previous = byId.putIfAbsent(id, handler);
        if (previous != null) {
          error(
              handler.method(),
              remoteMessage,
              "the @RemoteMessage id \"%s\" of handler %s is already the id of handler %s:"
                  + " message ids must be unique within an actor%s",
              id,
              describe(handler.method()),
              describe(previous.method()),
              handler.method().getEnclosingElement().equals(type)
                  ? ""
                  : " (in " + relativeName(type) + ")");
          ok = false;
          continue;
        }
        idOf.put(handler, id);
        String reply = inaccessibleIn(List.of(types.erasure(handler.reply())), type);
        if (reply != null) {
          error(
              handler.method(),
              remoteMessage,
              "the reply type of remote handler %s refers to %s: the generated handler table of"
                  + " %s registers its class",
              describe(handler.method()),
              reply,
              relativeName(type));
          ok = false;
        }
      }
      List<RemoteHandler> remotes = new ArrayList<>();
      for (HandlerInfo handler : handlers) {
        if (idOf.containsKey(handler)) {
          remotes.add(new RemoteHandler(handler, idOf.get(handler)));
        }
      }
      AnnotationMirror remoteActor = annotation(type, REMOTE_ACTOR);
      if (remoteActor == null) {
        if (!byId.isEmpty()) {
          error(
              type,
              "actor class %s has remote handlers (%s) but no @RemoteActor: annotate it"
                  + " @RemoteActor so that peers can address it",
              relativeName(type),
              describe(byId.values().iterator().next().method()));
          return INVALID;
        }
        return ok ? null : INVALID;
      }
      for (HandlerInfo handler : handlers) {
        if (annotation(handler.method(), REMOTE_MESSAGE) != null) {
          continue;
        }
        for (RemoteHandler remote : remotes) {
          TypeMirror local = types.erasure(handler.messageType());
          TypeMirror remoteType = types.erasure(remote.handler().messageType());
          if (types.isSubtype(local, remoteType)) {
            error(
                handler.method(),
                "handler %s handles %s, a subtype of %s, which remote handler %s handles: annotate"
                    + " it @RemoteMessage too, or remote %s messages that are %s would run it",
                describe(handler.method()),
                display(local),
                display(remoteType),
                describe(remote.handler().method()),
                display(remoteType),
                display(local));
            ok = false;
            break;
          }
        }
      }
      String actorId = remoteActorId(type, remoteActor);
      if (actorId == null) {
        return INVALID;
      }
      String name = type.getQualifiedName().toString();
      String owner = remoteIds.putIfAbsent(actorId, name);
      if (owner != null && !owner.equals(name)) {
        error(
            type,
            remoteActor,
            "the @RemoteActor id \"%s\" of %s is already the id of %s: remote actor ids must be"
                + " unique",
            actorId,
            relativeName(type),
            owner);
        ok = false;
      }
      return ok ? new Remote(actorId, remotes) : INVALID;
    }

    /** Orders handlers so that no message type comes after one of its supertypes. */
    List<HandlerInfo> mostSpecificFirst(List<HandlerInfo> handlers) {
      List<HandlerInfo> left = new ArrayList<>(handlers);
      List<HandlerInfo> ordered = new ArrayList<>();
      while (!left.isEmpty()) {
        HandlerInfo next = left.get(0);
        for (HandlerInfo candidate : left) {
          boolean hasSubtype = false;
          for (HandlerInfo other : left) {
            if (other != candidate
                && types.isSubtype(
                    types.erasure(other.messageType()), types.erasure(candidate.messageType()))) {
              hasSubtype = true;
              break;
            }
          }
          if (!hasSubtype) {
            next = candidate;
            break;
          }
        }
        left.remove(next);
        ordered.add(next);
      }
      return ordered;
    }

    /** Returns {@code Counter.inc(Inc)} for a method. */
    String describe(ExecutableElement method) {
      StringBuilder out = new StringBuilder();
      Element owner = method.getEnclosingElement();
      if (owner instanceof TypeElement t) {
        out.append(relativeName(t)).append('.');
      }
      out.append(method.getSimpleName()).append('(');
      List<? extends VariableElement> params = method.getParameters();
      for (int i = 0; i < params.size(); i++) {
        out.append(i == 0 ? "" : ", ").append(display(params.get(i).asType()));
      }
      return out.append(')').toString();
    }

    String relativeName(TypeElement type) {
      String qualified = type.getQualifiedName().toString();
      String pkg = elements.getPackageOf(type).getQualifiedName().toString();
      return pkg.isEmpty() ? qualified : qualified.substring(pkg.length() + 1);
    }

    /** Renders a type for error messages: names relative to their package. */
    String display(TypeMirror type) {
      return Names.render(type, t -> relativeName(t));
    }
  }

  /** A remote handler and its message id. */
  record RemoteHandler(HandlerInfo handler, String messageId) {}

  /** What a remote actor's table registers: its id and remote handlers, most specific first. */
  record Remote(String actorId, List<RemoteHandler> handlers) {}

  /** Stands for a remote actor class with errors, which gets no table. */
  static final Remote INVALID = new Remote("", List.of());

  /** Returns {@code Kameo_Outer_Counter} for {@code p.Outer.Counter}. */
  String tableSimpleName(TypeElement type) {
    String binary = processingEnv.getElementUtils().getBinaryName(type).toString();
    String pkg = processingEnv.getElementUtils().getPackageOf(type).getQualifiedName().toString();
    String simple = pkg.isEmpty() ? binary : binary.substring(pkg.length() + 1);
    return "Kameo_" + simple.replace('$', '_');
  }
}
