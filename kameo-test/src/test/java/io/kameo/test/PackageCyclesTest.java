package io.kameo.test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The implementation package never reaches back into the API package: no package cycle. */
class PackageCyclesTest {
  @Test
  void the_internal_package_does_not_depend_on_the_api_package() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.kameo.test");
    noClasses()
        .that()
        .resideInAPackage("io.kameo.test.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.kameo.test")
        .check(classes);
  }
}
