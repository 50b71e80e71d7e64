/* The bundled plan, data/items.csv, as read-only bytes in the binary. */
	.section .rodata
	.global duban_bundled_plan_start
	.global duban_bundled_plan_end
	.balign 16
duban_bundled_plan_start:
	.incbin "data/items.csv"
duban_bundled_plan_end:
	.byte 0
	.section .note.GNU-stack,"",@progbits
