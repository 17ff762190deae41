# Bare-metal SVM conformance tests (README.md here), included by
# guests/Makefile: svm-conformance/<name>/main.c each, linked with lib/ and
# the framework's IDT, result line, formatting and string functions, built as
# a multiboot image $(OUT)/svm-conformance/<name> for QEMU's -kernel.
SVM_DIR   := svm-conformance
SVM_TESTS := $(notdir $(patsubst %/,%,$(sort $(dir $(wildcard $(SVM_DIR)/*/main.c)))))
SVM_LIB_O := $(patsubst %.c,$(OUT)/obj/%.o,$(wildcard $(SVM_DIR)/lib/*.c)) \
             $(patsubst %.S,$(OUT)/obj/%.o,$(wildcard $(SVM_DIR)/lib/*.S))
SVM_COMMON_O := $(addprefix $(OUT)/obj/common/,head.o entry.o traps.o result.o \
                vsnprintf.o printk.o lib.o hypercall.o cmdline.o)
SVM_LDFLAGS := $(filter-out -T common/guest.lds,$(LDFLAGS)) -T $(SVM_DIR)/lib/svm.lds

$(SVM_LIB_O) $(SVM_TESTS:%=$(OUT)/obj/$(SVM_DIR)/%/main.o): GUEST_CFLAGS += -I$(SVM_DIR)/lib
$(SVM_LIB_O) $(SVM_TESTS:%=$(OUT)/obj/$(SVM_DIR)/%/main.o): $(wildcard $(SVM_DIR)/lib/*.h)

$(OUT)/$(SVM_DIR)/%: $(OUT)/obj/$(SVM_DIR)/%/main.o $(SVM_LIB_O) $(SVM_COMMON_O) $(SVM_DIR)/lib/svm.lds
	@mkdir -p $(dir $@)
	$(LD) $(SVM_LDFLAGS) -o $@ $(filter %.o,$^)

svm-conformance: $(SVM_TESTS:%=$(OUT)/$(SVM_DIR)/%)
